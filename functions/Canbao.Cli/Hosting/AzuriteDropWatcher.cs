using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Canbao.Domain.Standard;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Canbao.Cli.Hosting;

/// <summary>
/// Watches the Azurite blob container <see cref="Container"/> (blob name <c>&lt;feed&gt;/&lt;file&gt;</c>, as departments upload in
/// Azure): each new version of a blob (ETag) whose first segment is a feed id is copied to DIR/drops/&lt;feed&gt;/&lt;file&gt;
/// (written to a temporary file and moved, write time = the blob's last-modified time), where
/// <see cref="DropFolderWatcher"/> settles and ingests it like any dropped file — one ingestion path, one ledger, so a
/// blob and a file with the same content import once. Blobs of unknown feeds or with names that leave the folder are
/// logged and skipped. A blob still being uploaded is copied again when its ETag changes; the folder watcher only
/// starts a version that stayed unchanged.
/// </summary>
public sealed class AzuriteDropWatcher(LocalLayout layout, BlobContainerClient container, WatchOptions options, ILogger<AzuriteDropWatcher> logger) : BackgroundService
{
    /// <summary>The container departments upload to.</summary>
    public const string Container = "drops";

    private readonly Dictionary<string, string> copied = new(StringComparer.Ordinal);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try { await container.CreateIfNotExistsAsync(cancellationToken: stoppingToken); }
        catch (Exception ex) when (ex is not OperationCanceledException) { logger.LogWarning("container {Container}: {Error}", Container, ex.Message); }
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await ScanAsync(stoppingToken); }
            catch (Exception ex) when (ex is not OperationCanceledException) { logger.LogWarning("blob scan failed: {Error}", ex.Message); }
            try { await Task.Delay(options.PollInterval, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Copies every blob version not copied yet; returns how many were copied.</summary>
    public async Task<int> ScanAsync(CancellationToken ct)
    {
        var n = 0;
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, null, ct))
        {
            var etag = blob.Properties.ETag?.ToString() ?? "";
            if (copied.TryGetValue(blob.Name, out var seen) && seen == etag) continue;
            var feed = blob.Name.Split('/')[0];
            string target;
            try
            {
                if (FeedCatalog.All.All(f => f.Id != feed) || !blob.Name.Contains('/')) throw new ArgumentException($"blob name must be <feed>/<file> with a known feed id: {blob.Name}");
                target = LocalLayout.Under(layout.Drops, blob.Name);
            }
            catch (ArgumentException ex)
            {
                copied[blob.Name] = etag;
                logger.LogWarning("blob skipped: {Error}", ex.Message);
                continue;
            }
            if (blob.Properties.ContentLength is 0 or null) continue; // not landed yet: look again next scan
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var temp = Path.Combine(layout.Root, $".blob-{Guid.NewGuid():N}.tmp");
            try
            {
                await container.GetBlobClient(blob.Name).DownloadToAsync(temp, ct);
                var modified = blob.Properties.LastModified?.UtcDateTime ?? DateTime.UtcNow;
                File.SetLastWriteTimeUtc(temp, modified);
                File.Move(temp, target, overwrite: true);
                copied[blob.Name] = etag;
                n++;
                logger.LogInformation("blob {Container}/{Name} copied to the drop folder", Container, blob.Name);
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
        }
        return n;
    }
}
