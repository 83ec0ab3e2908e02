using Canbao.Hosting.Ports;

namespace Canbao.Hosting;

/// <summary>
/// <see cref="IArtifactStore"/> over a folder (the local host's data folder): a name is a path under the root. Writes go
/// to a temporary file beside the target and are renamed over it, so a reader never sees half a file.
/// </summary>
public sealed class FolderArtifactStore : IArtifactStore
{
    private readonly string _root;

    /// <summary>A store rooted at <paramref name="root"/> (created when missing).</summary>
    public FolderArtifactStore(string root) => _root = Directory.CreateDirectory(Path.GetFullPath(root)).FullName;

    /// <summary>The root folder.</summary>
    public string Root => _root;

    /// <summary>The full path of <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The name is empty, rooted or leaves the root folder.</exception>
    public string PathOf(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || Path.IsPathRooted(name)) throw new ArgumentException($"artifact name must be relative: '{name}'", nameof(name));
        var full = Path.GetFullPath(Path.Combine(_root, name));
        if (!full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"artifact name leaves the store: '{name}'", nameof(name));
        return full;
    }

    /// <inheritdoc />
    public async Task<byte[]?> ReadAsync(string name, CancellationToken ct = default)
    {
        var path = PathOf(name);
        try
        {
            return await File.ReadAllBytesAsync(path, ct);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken ct = default)
    {
        var path = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        await using (var f = File.Create(temp)) await f.WriteAsync(content, ct);
        File.Move(temp, path, overwrite: true);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken ct = default)
    {
        var dir = prefix.Length == 0 ? _root : PathOf(prefix.TrimEnd('/'));
        IReadOnlyList<string> names = Directory.Exists(dir)
            ? Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
                .Where(f => !Path.GetFileName(f).StartsWith('.'))
                .Select(f => Path.GetRelativePath(_root, f).Replace('\\', '/'))
                .Order(StringComparer.Ordinal).ToList()
            : [];
        return Task.FromResult(names);
    }

    /// <inheritdoc />
    public string? LocalFolder(string prefix) => prefix.Length == 0 ? _root : PathOf(prefix.TrimEnd('/'));
}
