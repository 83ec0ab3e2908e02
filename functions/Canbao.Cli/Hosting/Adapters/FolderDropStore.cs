using System.Security.Cryptography;
using Canbao.Workflows.Contracts;
using Canbao.Workflows.Ports;

namespace Canbao.Cli.Hosting.Adapters;

/// <summary><see cref="IDropStore"/> over DIR/drops: a drop's version is its length and last write time.</summary>
/// <param name="layout">The data folder.</param>
public sealed class FolderDropStore(LocalLayout layout) : IDropStore
{
    /// <summary>Version of a file: hex length and last-write ticks.</summary>
    public static string ETagOf(FileInfo f) => $"{f.Length:x}-{f.LastWriteTimeUtc.Ticks:x}";

    public async Task<DropProbe> ProbeAsync(DropRef drop, CancellationToken ct = default)
    {
        var file = new FileInfo(LocalLayout.Under(layout.Drops, drop.Name));
        if (!file.Exists) return new DropProbe(false, 0, "", "", false);
        var before = ETagOf(file);
        if (file.Length == 0) return new DropProbe(true, 0, before, "", false);
        string hash;
        try
        {
            await using var s = file.OpenRead();
            hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(s, ct));
        }
        catch (IOException)
        {
            return new DropProbe(true, file.Length, before, "", ChangedWhileReading: true);
        }
        file.Refresh();
        var after = file.Exists ? ETagOf(file) : "";
        return new DropProbe(true, file.Length, after, hash, after != before);
    }

    public Task QuarantineAsync(QuarantineRequest request, CancellationToken ct = default)
    {
        var source = LocalLayout.Under(layout.Drops, request.Drop.Name);
        var target = LocalLayout.Under(layout.Quarantine, request.Drop.Name);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (File.Exists(source)) File.Copy(source, target, overwrite: true);
        File.WriteAllText(target + ".reason.txt", $"attempts: {request.Attempts}\nreason: {request.Reason}\n");
        return Task.CompletedTask;
    }
}
