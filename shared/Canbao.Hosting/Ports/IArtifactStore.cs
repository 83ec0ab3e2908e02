namespace Canbao.Hosting.Ports;

/// <summary>
/// Named files a workflow step leaves for the next one: imported drops (the round's input), partition results, round
/// outputs, rosters, returned results and reports. Names are relative, '/'-separated, e.g.
/// <c>rounds/2026-11/out/rosters/630102001.csv</c>; locally they are paths under the data folder
/// (<see cref="FolderArtifactStore"/>), in Azure blob names in one container. Every write replaces the whole file, so a
/// retried activity leaves the same state.
/// </summary>
public interface IArtifactStore
{
    /// <summary>The content of <paramref name="name"/>, or null when there is no such file.</summary>
    /// <exception cref="ArgumentException">The name is empty, absolute or leaves the store (<c>..</c>).</exception>
    Task<byte[]?> ReadAsync(string name, CancellationToken ct = default);

    /// <summary>Writes (replaces) <paramref name="name"/> with <paramref name="content"/>; readers never see half a file.</summary>
    Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken ct = default);

    /// <summary>Names of every file under <paramref name="prefix"/> (a folder name ending in '/'), recursively, sorted ordinally.</summary>
    Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken ct = default);

    /// <summary>
    /// The local folder holding the files under <paramref name="prefix"/> when they are on this machine's disk (a folder
    /// store), else null — then callers copy them to temporary disk with <see cref="ArtifactFiles.MaterialiseAsync"/>.
    /// </summary>
    string? LocalFolder(string prefix);
}
