using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Canbao.Workflows.Contracts;
using Canbao.Workflows.Ports;

namespace Canbao.Functions.Adapters;

/// <summary>
/// <see cref="IImportLedger"/> on Blob Storage: one blob <c>imports/&lt;content hash&gt;.json</c> per content. A claim is
/// a create with <c>If-None-Match: *</c> (atomic: of two instances one gets 409 Conflict), completion a replace with
/// <c>If-Match</c> on the ETag read (case 20: no lost update).
/// </summary>
/// <param name="blobs">The service holding the <see cref="Container"/> container.</param>
public sealed class BlobImportLedger(BlobServiceClient blobs) : IImportLedger
{
    /// <summary>Ledger container name.</summary>
    public const string Container = "imports";

    private sealed record Entry(string InstanceId, string State, DropRef Drop, DropImportSummary? Summary);

    /// <inheritdoc />
    public async Task<ImportClaim> ClaimAsync(ImportClaimRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var blob = await BlobAsync(request.ContentHash, ct);
        try
        {
            await blob.UploadAsync(BinaryData.FromObjectAsJson(new Entry(request.InstanceId, "claimed", request.Drop, null)),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, ct);
            return ImportClaim.Claimed;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            var (entry, _) = await ReadAsync(blob, ct);
            return entry.State switch
            {
                "imported" => ImportClaim.AlreadyImported,
                _ when entry.InstanceId == request.InstanceId => ImportClaim.Claimed,
                "released" => await ReclaimAsync(blob, request, ct),
                _ => ImportClaim.InProgressElsewhere,
            };
        }
    }

    /// <inheritdoc />
    public async Task CompleteAsync(ImportCompletion completion, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(completion);
        var blob = await BlobAsync(completion.ContentHash, ct);
        var (entry, etag) = await ReadAsync(blob, ct);
        if (entry.InstanceId != completion.InstanceId) return; // not this instance's claim: nothing to do (idempotent)
        var state = completion.Summary is null ? "released" : "imported";
        if (entry.State == state) return;
        await blob.UploadAsync(BinaryData.FromObjectAsJson(entry with { State = state, Summary = completion.Summary }),
            new BlobUploadOptions { Conditions = new BlobRequestConditions { IfMatch = etag } }, ct);
    }

    // A released claim (the content was quarantined) may be taken again by a later upload of the same content.
    private static async Task<ImportClaim> ReclaimAsync(BlobClient blob, ImportClaimRequest request, CancellationToken ct)
    {
        var (_, etag) = await ReadAsync(blob, ct);
        try
        {
            await blob.UploadAsync(BinaryData.FromObjectAsJson(new Entry(request.InstanceId, "claimed", request.Drop, null)),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfMatch = etag } }, ct);
            return ImportClaim.Claimed;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return ImportClaim.InProgressElsewhere;
        }
    }

    private async Task<BlobClient> BlobAsync(string contentHash, CancellationToken ct)
    {
        if (contentHash.Length == 0 || !contentHash.All(char.IsAsciiHexDigitLower))
            throw new ArgumentException("content hash must be lowercase hex SHA-256", nameof(contentHash));
        var container = blobs.GetBlobContainerClient(Container);
        await container.CreateIfNotExistsAsync(cancellationToken: ct);
        return container.GetBlobClient(contentHash + ".json");
    }

    private static async Task<(Entry Entry, ETag ETag)> ReadAsync(BlobClient blob, CancellationToken ct)
    {
        var content = (await blob.DownloadContentAsync(ct)).Value;
        var entry = content.Content.ToObjectFromJson<Entry>(new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidDataException($"ledger entry {blob.Name} is empty");
        return (entry, content.Details.ETag);
    }
}
