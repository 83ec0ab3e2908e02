using Canbao.Store.ChangeFeed;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Canbao.Functions.Timers;

/// <summary>
/// The Cosmos DB change-feed consumer (pull model; the Worker's CosmosDB trigger extension is not served here): every
/// minute, the shared <see cref="ChangeFeedConsumer"/> (checkpoint in a blob, parked list in Cosmos DB; handlers: the
/// district view, district statistics, survey work list and department lists in Cosmos DB; wired in Program.cs) catches
/// up from its checkpoint. A failure leaves the checkpoint before the failed page, so the next run re-reads it (handlers
/// are idempotent). The function keeps its first name, ChangeFeed_DistrictView, though it now runs every handler.
/// </summary>
public sealed class ChangeFeedTimer(ChangeFeedConsumer consumer, ILogger<ChangeFeedTimer> logger)
{
    [Function("ChangeFeed_DistrictView")]
    public async Task Run([TimerTrigger("0 */1 * * * *")] TimerInfo timer, CancellationToken ct)
    {
        var r = await consumer.CatchUpAsync(ct);
        logger.LogInformation("change feed {Consumer}: {Changes} changes in {Pages} pages, {Applied} applied, {Skipped} replays skipped, {Parked} parked",
            consumer.Options.Name, r.Changes, r.Pages, r.Applied, r.Skipped, r.Parked);
        if (r.LostCheckpointRace)
            logger.LogWarning("change feed: checkpoint {Consumer} moved by another run; this run stopped (its work is idempotent)", consumer.Options.Name);
    }
}
