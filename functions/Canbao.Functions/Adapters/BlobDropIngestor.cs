using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Canbao.Domain.Standard;
using Canbao.Ingestion;
using Canbao.Workflows.Contracts;
using Canbao.Workflows.Ports;

namespace Canbao.Functions.Adapters;

/// <summary>
/// <see cref="IDropIngestor"/> on Blob Storage (the Azure twin of the local host's FolderDropIngestor): reads exactly the
/// probed version of the drop (If-Match on its ETag, then the SHA-256 must equal the probed hash), reads and validates it
/// with Canbao.Ingestion, writes every held or rejected row (row, outcome, column, code, reason — no values) to
/// <c>reports/drops/&lt;hash12&gt;.csv</c>, and keeps the imported content as <c>batches/imported/&lt;name&gt;</c> (name = <c>&lt;feed&gt;/&lt;file&gt;</c>,
/// the layout the round reads; a feed has one department, so names do not collide across containers) for the next round. Idempotent: outputs are named by the drop and its content hash and overwritten on a retry.
/// </summary>
/// <param name="blobs">The service holding the drops and the <c>reports</c> and <c>batches</c> containers.</param>
/// <param name="clock">Processing date (China Standard Time) for validation.</param>
public sealed class BlobDropIngestor(BlobServiceClient blobs, TimeProvider clock) : IDropIngestor
{
    /// <summary>Container of row reports.</summary>
    public const string ReportsContainer = "reports";

    /// <summary>Container of imported contents (the rounds' inputs).</summary>
    public const string BatchesContainer = Settings.WorkContainer;

    /// <inheritdoc />
    public async Task<DropImportSummary> ImportAsync(DropImportRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var drop = request.Drop;
        var feed = FeedCatalog.All.FirstOrDefault(f => f.Id == drop.Feed)
            ?? throw new InvalidDataException($"{drop.Container}/{drop.Name}: '{drop.Feed}' is not a feed id");
        BinaryData content;
        try
        {
            var options = new BlobDownloadOptions { Conditions = drop.ETag is null ? null : new BlobRequestConditions { IfMatch = new ETag(drop.ETag) } };
            content = (await blobs.GetBlobContainerClient(drop.Container).GetBlobClient(drop.Name).DownloadContentAsync(options, ct)).Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            throw new InvalidDataException($"{drop.Container}/{drop.Name}: the version looked at is gone (HTTP {ex.Status}); its next version is imported on its own");
        }
        var bytes = content.ToMemory();
        if (Convert.ToHexStringLower(SHA256.HashData(bytes.Span)) != request.ContentHash)
            throw new InvalidDataException($"{drop.Container}/{drop.Name}: content changed since it was looked at");

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(8));
        using var stream = content.ToStream();
        var (s, report) = DropRowReport.Read(stream, $"{drop.Container}/{drop.Name}", drop.Name, feed, today);

        var reportRef = $"drops/{request.ContentHash[..12]}.csv";
        var reports = blobs.GetBlobContainerClient(ReportsContainer);
        await reports.CreateIfNotExistsAsync(cancellationToken: ct);
        await reports.GetBlobClient(reportRef).UploadAsync(BinaryData.FromString(report), overwrite: true, ct);
        var batchRef = $"imported/{drop.Name}";
        var batches = blobs.GetBlobContainerClient(BatchesContainer);
        await batches.CreateIfNotExistsAsync(cancellationToken: ct);
        await batches.GetBlobClient(batchRef).UploadAsync(content, overwrite: true, ct);
        return new DropImportSummary((int)s.Rows, (int)s.Accepted, (int)s.Held, (int)s.Rejected,
            $"{BatchesContainer}/{batchRef}", $"{ReportsContainer}/{reportRef}");
    }
}
