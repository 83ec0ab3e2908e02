using Canbao.Functions.Adapters;
using Canbao.Store.Cosmos;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Canbao.Functions.Timers;

/// <summary>
/// The Cosmos DB change-feed consumer (pull model; the Worker's CosmosDB trigger extension is not served here): every
/// minute, project the persons that changed since the checkpoint into the district view, then move the checkpoint. A
/// failure leaves the checkpoint where it was, so the next run re-reads the same changes (projection is idempotent).
/// </summary>
public sealed class ChangeFeedTimer(DistrictViewProjector projector, BlobCheckpoint checkpoints, ILogger<ChangeFeedTimer> logger)
{
    /// <summary>Checkpoint blob of the district-view projection.</summary>
    public const string Consumer = "district-view";

    [Function("ChangeFeed_DistrictView")]
    public async Task Run([TimerTrigger("0 */1 * * * *")] TimerInfo timer, CancellationToken ct)
    {
        var (continuation, etag) = await checkpoints.ReadAsync(Consumer, ct);
        var next = await projector.CatchUpAsync(continuation, ct: ct);
        if (next is null || next == continuation) return;
        if (!await checkpoints.WriteAsync(Consumer, next, etag, ct))
            logger.LogWarning("change feed: checkpoint {Consumer} moved by another run; this run's projection is repeated next time (idempotent)", Consumer);
    }
}
