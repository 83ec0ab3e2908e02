using System.Security.Cryptography;
using System.Text;
using Canbao.Domain.Standard;
using Canbao.Domain.Validation;
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
        var report = new StringBuilder("row,outcome,column,code,reason\n");
        using var stream = new MemoryStream(bytes, writable: false);
        using var reading = DropReader.Read(stream, name, feed, ValidationContext.For(today));
        if (reading.Error is { } open) throw new InvalidDataException($"{name}: {open.Message}");
        foreach (var row in reading.Rows)
        {
            if (row.Result.Outcome == RowOutcome.Accepted) continue;
            foreach (var issue in row.Result.Issues)
                report.Append(row.Result.Row).Append(',').Append(row.Result.Outcome).Append(',').Append(Csv(issue.Column)).Append(',')
                    .Append(issue.Issue.Code).Append(',').Append(Csv(issue.Issue.Message)).Append('\n');
        }
        if (reading.Error is { } mid) throw new InvalidDataException($"{name}: {mid.Message}");
        var s = reading.Summary;

        var reportRef = Path.Combine("reports", "drops", request.ContentHash[..12] + ".csv");
        await File.WriteAllTextAsync(Path.Combine(layout.Root, reportRef), report.ToString(), ct);
        var imported = LocalLayout.Under(layout.Imported, name);
        Directory.CreateDirectory(Path.GetDirectoryName(imported)!);
        var temp = Path.Combine(layout.Root, $".import-{request.ContentHash[..12]}.tmp");
        await File.WriteAllBytesAsync(temp, bytes, ct);
        File.Move(temp, imported, overwrite: true);
        return new DropImportSummary((int)s.Rows, (int)s.Accepted, (int)s.Held, (int)s.Rejected, Path.Combine("imported", name), reportRef);
    }

    private static string Csv(string v) => v.Contains(',') || v.Contains('"') || v.Contains('\n') ? $"\"{v.Replace("\"", "\"\"")}\"" : v;
}
