using Canbao.Hosting.Ports;

namespace Canbao.Hosting;

/// <summary>Moving artifacts between an <see cref="IArtifactStore"/> and local disk (for code that reads folders).</summary>
public static class ArtifactFiles
{
    /// <summary>
    /// Copies every file under <paramref name="prefix"/> into <paramref name="folder"/>, keeping the paths below the prefix
    /// (<c>imported/enrollment/a.csv</c> with prefix <c>imported/</c> becomes <c>folder/enrollment/a.csv</c>); returns the count.
    /// </summary>
    public static async Task<int> MaterialiseAsync(IArtifactStore store, string prefix, string folder, CancellationToken ct = default)
    {
        var names = await store.ListAsync(prefix, ct);
        foreach (var name in names)
        {
            var target = Path.GetFullPath(Path.Combine(folder, name[prefix.Length..]));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var bytes = await store.ReadAsync(name, ct) ?? throw new FileNotFoundException($"artifact {name} disappeared while it was copied");
            await File.WriteAllBytesAsync(target, bytes, ct);
        }
        return names.Count;
    }

    /// <summary>Writes every file under local <paramref name="folder"/> to the store under <paramref name="prefix"/>; returns the names written.</summary>
    public static async Task<IReadOnlyList<string>> PublishAsync(IArtifactStore store, string folder, string prefix, CancellationToken ct = default)
    {
        var names = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = prefix + Path.GetRelativePath(folder, file).Replace('\\', '/');
            await store.WriteAsync(name, await File.ReadAllBytesAsync(file, ct), ct);
            names.Add(name);
        }
        return names;
    }
}
