using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Canbao.Hosting.Ports;

namespace Canbao.Functions.Adapters;

/// <summary>
/// <see cref="IArtifactStore"/> on Blob Storage: an artifact name is a blob name in one container
/// (<see cref="Settings.WorkContainer"/>, <c>batches</c>, beside the imported drops the round reads). A write is one
/// upload (block blob commit), so a reader sees the old or the new content, never half. Not on local disk: the round
/// copies the imported drops to temporary disk before it reads them.
/// </summary>
/// <param name="blobs">The storage account's blob service.</param>
/// <param name="container">Container name; default <see cref="Settings.WorkContainer"/>.</param>
public sealed class BlobArtifactStore(BlobServiceClient blobs, string container = Settings.WorkContainer) : IArtifactStore
{
    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(container);
    private volatile bool _created;

    private async Task<BlobContainerClient> ContainerAsync(CancellationToken ct)
    {
        if (!_created)
        {
            await _container.CreateIfNotExistsAsync(cancellationToken: ct);
            _created = true;
        }
        return _container;
    }

    private static string Check(string name) =>
        !string.IsNullOrWhiteSpace(name) && !name.StartsWith('/') && !name.Split('/').Any(s => s is "" or "." or "..")
            ? name : throw new ArgumentException($"artifact name must be a relative blob name: '{name}'", nameof(name));

    /// <inheritdoc />
    public async Task<byte[]?> ReadAsync(string name, CancellationToken ct = default)
    {
        var blob = (await ContainerAsync(ct)).GetBlobClient(Check(name));
        try
        {
            return (await blob.DownloadContentAsync(ct)).Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken ct = default) =>
        await (await ContainerAsync(ct)).GetBlobClient(Check(name)).UploadAsync(new BinaryData(content), overwrite: true, ct);

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken ct = default)
    {
        var names = new List<string>();
        await foreach (var item in (await ContainerAsync(ct)).GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, ct)) names.Add(item.Name);
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <inheritdoc />
    public string? LocalFolder(string prefix) => null;
}
