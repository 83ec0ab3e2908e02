using System.Security.Cryptography;
using Canbao.Domain.Standard;
using Canbao.Ingestion;
using Canbao.Workflows.Contracts;
using Canbao.Workflows.Ports;

namespace Canbao.Cli.Hosting.Adapters;

/// <summary>
/// <see cref="IDropIngestor"/> for DIR/drops: reads the drop with Canbao.Ingestion, writes every held or rejected row
/// (row, column, code, reason; no values) to reports/drops/&lt;hash12&gt;.csv, and keeps the imported version under
/// imported/ as the next round's input. Idempotent: outputs are named by the content hash.
/// </summary>
/// <param name="layout">The data folder.</param>
public sealed class FolderDropIngestor(LocalLayout layout) : IDropIngestor
{
    public async Task<DropImportSummary> ImportAsync(DropImportRequest request, CancellationToken ct = default)
    {
        var name = request.Drop.Name;
        var feedId = name.Split('/')[0];
        var feed = FeedCatalog.All.FirstOrDefault(f => f.Id == feedId)
                   ?? throw new InvalidDataException($"{name}: folder '{feedId}' is not a feed id (known: {string.Join(", ", FeedCatalog.All.Select(f => f.Id))})");
        var bytes = await File.ReadAllBytesAsync(LocalLayout.Under(layout.Drops, name), ct);
        if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != request.ContentHash)
            throw new InvalidDataException($"{name}: content changed since it was looked at; its next version is imported on its own");

        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        using var stream = new MemoryStream(bytes, writable: false);
        var (s, report) = DropRowReport.Read(stream, name, name, feed, today);

        var reportRef = Path.Combine("reports", "drops", request.ContentHash[..12] + ".csv");
        await File.WriteAllTextAsync(Path.Combine(layout.Root, reportRef), report, ct);
        var imported = LocalLayout.Under(layout.Imported, name);
        Directory.CreateDirectory(Path.GetDirectoryName(imported)!);
        var temp = Path.Combine(layout.Root, $".import-{request.ContentHash[..12]}.tmp");
        await File.WriteAllBytesAsync(temp, bytes, ct);
        File.Move(temp, imported, overwrite: true);
        return new DropImportSummary((int)s.Rows, (int)s.Accepted, (int)s.Held, (int)s.Rejected, Path.Combine("imported", name), reportRef);
    }
}
