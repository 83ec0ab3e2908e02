using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Canbao.Workflows;
using Canbao.Workflows.Contracts;
using Canbao.Workflows.Drops;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Canbao.Functions.Drops;

/// <summary>How the intake of one blob event ended.</summary>
public enum DropIntakeKind
{
    /// <summary>A drop-ingestion orchestration was started.</summary>
    Started,
    /// <summary>An orchestration for this (container, blob, ETag) exists already: a re-delivered or duplicate event.</summary>
    Duplicate,
    /// <summary>Zero-length (a CopyBlob's first commit) or gone: nothing started; the event of the full content starts it.</summary>
    NotReady,
    /// <summary>In the wrong department's place (or not a drop): refused, recorded in the quarantine container.</summary>
    Refused,
}

/// <summary>Result of <see cref="DropIntake.HandleAsync"/>.</summary>
/// <param name="Kind">How it ended.</param>
/// <param name="InstanceId">The orchestration instance id (<see cref="WorkflowIds.Drop"/>), when the drop was routed.</param>
/// <param name="Reason">Why it was refused or not started; null when started.</param>
public sealed record DropIntakeResult(DropIntakeKind Kind, string? InstanceId, string? Reason);

/// <summary>
/// What every department's blob trigger does with a new or changed drop (case 16): look at its current ETag and length;
/// refuse it when it is in the wrong department's place; skip a zero-length version; start
/// <see cref="DropIngestionOrchestrator"/> with the deterministic instance id <see cref="WorkflowIds.Drop"/> of
/// (container, blob name, ETag), so a re-delivered event (same version) starts nothing and a new version starts its own.
/// Never throws for a refusal (a retry would not change the answer).
/// </summary>
public sealed class DropIntake(IConfiguration configuration, ILogger<DropIntake> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Handles one blob event.</summary>
    /// <param name="blob">The drop (its client carries the credential used to write refusal records).</param>
    /// <param name="client">The Durable client.</param>
    /// <param name="ct">Cancellation.</param>
    public async Task<DropIntakeResult> HandleAsync(BlobClient blob, DurableTaskClient client, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(client);
        var route = DropRoute.Of(blob.BlobContainerName, blob.Name);

        BlobProperties properties;
        try
        {
            properties = (await blob.GetPropertiesAsync(cancellationToken: ct)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return new(DropIntakeKind.NotReady, null, "missing: the drop is gone");
        }
        var etag = properties.ETag.ToString();

        if (!route.Accepted)
        {
            await RecordRefusalAsync(blob, etag, properties.ContentLength, route.Refusal!, ct);
            logger.LogWarning("drop refused: {Reason}", route.Refusal);
            return new(DropIntakeKind.Refused, null, route.Refusal);
        }

        var drop = new DropRef(blob.BlobContainerName, blob.Name, route.Feed!, etag, properties.ContentLength);
        var instanceId = WorkflowIds.Drop(drop);
        if (properties.ContentLength == 0)
            return new(DropIntakeKind.NotReady, instanceId, "zero-length: the content has not landed yet");

        var input = new DropIngestionInput(drop,
            MaxAttempts: configuration.GetValue(Settings.DropMaxAttempts, 3),
            SettleSeconds: configuration.GetValue(Settings.DropSettleSeconds, 5),
            RetrySeconds: configuration.GetValue(Settings.DropRetrySeconds, 10));
        var (_, started) = await WorkflowStarts.StartDropAsync(client, input, ct);
        if (!started)
            return new(DropIntakeKind.Duplicate, instanceId, "an ingestion of this version exists");
        logger.LogInformation("drop {Container}/{Blob} ({Feed}, {Bytes} bytes) → {InstanceId}",
            drop.Container, drop.Name, drop.Feed, drop.Length, instanceId);
        return new(DropIntakeKind.Started, instanceId, null);
    }

    private static async Task RecordRefusalAsync(BlobClient blob, string etag, long length, string reason, CancellationToken ct)
    {
        var quarantine = blob.GetParentBlobContainerClient().GetParentBlobServiceClient().GetBlobContainerClient(Settings.QuarantineContainer);
        await quarantine.CreateIfNotExistsAsync(cancellationToken: ct);
        var record = new { blob.BlobContainerName, blob.Name, etag, length, reason, refusedAt = DateTimeOffset.UtcNow };
        var name = $"refused/{blob.BlobContainerName}/{blob.Name}@{etag.Trim('"')}.json";
        await quarantine.GetBlobClient(name).UploadAsync(BinaryData.FromObjectAsJson(record, Json), overwrite: true, ct);
    }
}
