using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Canbao.Store.ChangeFeed;

namespace Canbao.Functions.Adapters;

/// <summary>
/// A change-feed consumer's continuation token in a blob (<c>checkpoints/&lt;consumer&gt;</c>): the Azure
/// <see cref="IChangeFeedCheckpoint"/>. Writes are conditional on the ETag read, so two instances of a timer racing
/// cannot move the checkpoint backwards: the loser gets null (false).
/// </summary>
/// <param name="blobs">The service holding <see cref="Settings.CheckpointsContainer"/>.</param>
public sealed class BlobCheckpoint(BlobServiceClient blobs) : IChangeFeedCheckpoint
{
    /// <summary>The continuation (null = from the beginning) and the ETag to write against (null = no checkpoint yet).</summary>
    public async Task<(string? Continuation, ETag? ETag)> ReadAsync(string consumer, CancellationToken ct = default)
    {
        var blob = await BlobAsync(consumer, ct);
        try
        {
            var content = (await blob.DownloadContentAsync(ct)).Value;
            var text = content.Content.ToString();
            return (text.Length == 0 ? null : text, content.Details.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return (null, null);
        }
    }

    /// <summary>Writes the continuation if the checkpoint is still at <paramref name="expected"/>; false when another writer moved it.</summary>
    public async Task<bool> WriteAsync(string consumer, string continuation, ETag? expected, CancellationToken ct = default)
        => await WriteCoreAsync(consumer, continuation, expected, ct) is not null;

    private async Task<ETag?> WriteCoreAsync(string consumer, string continuation, ETag? expected, CancellationToken ct)
    {
        var blob = await BlobAsync(consumer, ct);
        var conditions = expected is { } etag ? new BlobRequestConditions { IfMatch = etag } : new BlobRequestConditions { IfNoneMatch = ETag.All };
        try
        {
            var r = await blob.UploadAsync(new BinaryData(Encoding.UTF8.GetBytes(continuation)), new BlobUploadOptions { Conditions = conditions }, ct);
            return r.Value.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return null;
        }
    }

    async Task<CheckpointState> IChangeFeedCheckpoint.ReadAsync(string consumer, CancellationToken ct)
    {
        var (continuation, etag) = await ReadAsync(consumer, ct);
        return new CheckpointState(continuation, etag?.ToString());
    }

    async Task<string?> IChangeFeedCheckpoint.WriteAsync(string consumer, string continuation, string? expectedETag, CancellationToken ct)
        => (await WriteCoreAsync(consumer, continuation, expectedETag is null ? null : new ETag(expectedETag), ct))?.ToString();

    private async Task<BlobClient> BlobAsync(string consumer, CancellationToken ct)
    {
        var container = blobs.GetBlobContainerClient(Settings.CheckpointsContainer);
        await container.CreateIfNotExistsAsync(cancellationToken: ct);
        return container.GetBlobClient(consumer);
    }
}
