using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Canbao.Workflows.Contracts;
using Canbao.Workflows.Ports;

namespace Canbao.Functions.Adapters;

/// <summary>
/// <see cref="IDropStore"/> on Blob Storage. A probe reads the properties, hashes the content with a condition on the
/// ETag it saw (so a blob rewritten mid-read fails the read instead of hashing a mix), and reads the properties again
/// (case 16: a version that changes while being read is not ready). Quarantine copies the drop into
/// <c>quarantine/poison/&lt;container&gt;/&lt;name&gt;@&lt;etag&gt;</c> with a JSON record of the reason beside it.
/// </summary>
/// <param name="blobs">The service holding the drops and the quarantine container.</param>
public sealed class BlobDropStore(BlobServiceClient blobs) : IDropStore
{
    /// <inheritdoc />
    public async Task<DropProbe> ProbeAsync(DropRef drop, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(drop);
        var blob = blobs.GetBlobContainerClient(drop.Container).GetBlobClient(drop.Name);
        BlobProperties before;
        try
        {
            before = (await blob.GetPropertiesAsync(cancellationToken: ct)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return new DropProbe(false, 0, "", "", false);
        }
        var etag = before.ETag.ToString();
        if (before.ContentLength == 0) return new DropProbe(true, 0, etag, "", false);

        string hash;
        try
        {
            var options = new BlobOpenReadOptions(allowModifications: false) { Conditions = new BlobRequestConditions { IfMatch = before.ETag } };
            await using var stream = await blob.OpenReadAsync(options, ct);
            hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return new DropProbe(ex.Status != 404, before.ContentLength, etag, "", true);
        }
        var after = (await blob.GetPropertiesAsync(cancellationToken: ct)).Value;
        var changed = after.ETag != before.ETag || after.ContentLength != before.ContentLength;
        return new DropProbe(true, before.ContentLength, etag, hash, changed);
    }

    /// <inheritdoc />
    public async Task QuarantineAsync(QuarantineRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var drop = request.Drop;
        var quarantine = blobs.GetBlobContainerClient(Settings.QuarantineContainer);
        await quarantine.CreateIfNotExistsAsync(cancellationToken: ct);
        var key = $"poison/{drop.Container}/{drop.Name}@{(drop.ETag ?? "unknown").Trim('"')}";
        var source = blobs.GetBlobContainerClient(drop.Container).GetBlobClient(drop.Name);
        try
        {
            var content = await source.DownloadContentAsync(ct);
            await quarantine.GetBlobClient(key).UploadAsync(content.Value.Content, overwrite: true, ct);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // The drop is gone; the record below still says why it was quarantined.
        }
        var record = new { drop.Container, drop.Name, drop.Feed, drop.ETag, drop.Length, request.Reason, request.Attempts, quarantinedAt = DateTimeOffset.UtcNow };
        await quarantine.GetBlobClient(key + ".json").UploadAsync(BinaryData.FromObjectAsJson(record), overwrite: true, ct);
    }
}
