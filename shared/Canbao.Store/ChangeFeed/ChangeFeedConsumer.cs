using System.Diagnostics;

namespace Canbao.Store.ChangeFeed;

/// <summary>Settings of a <see cref="ChangeFeedConsumer"/>.</summary>
public sealed record ChangeFeedConsumerOptions
{
    /// <summary>Checkpoint name; one per consumer (default <c>derived-data</c>).</summary>
    public string Name { get; init; } = "derived-data";

    /// <summary>Changes asked for per page (a Cosmos DB page may return more).</summary>
    public int PageSize { get; init; } = 1000;

    /// <summary>Attempts per (change, handler) once a page batch has failed, before the change is parked (default 3).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Wait before retry n (n × this; default 200 ms).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Pages per <see cref="ChangeFeedConsumer.CatchUpAsync"/> call at most (a timer run stays bounded); default unbounded.</summary>
    public int MaxPages { get; init; } = int.MaxValue;
}

/// <summary>What one <see cref="ChangeFeedConsumer.CatchUpAsync"/> call did.</summary>
/// <param name="Changes">Changes read (and handled) in checkpointed pages.</param>
/// <param name="Applied">(change, handler) pairs applied.</param>
/// <param name="Skipped">(change, handler) pairs skipped because that person version had been applied already (a replay).</param>
/// <param name="Parked">(change, handler) pairs parked after their retries.</param>
/// <param name="Pages">Pages checkpointed.</param>
/// <param name="Checkpoint">The continuation stored last (null = none yet).</param>
/// <param name="LostCheckpointRace">True when another consumer moved the checkpoint meanwhile; this call stopped (its work is idempotent).</param>
/// <param name="Elapsed">Wall time of the call.</param>
public sealed record CatchUpResult(long Changes, long Applied, long Skipped, long Parked, int Pages, string? Checkpoint,
    bool LostCheckpointRace, TimeSpan Elapsed);

/// <summary>
/// The change-feed consumer (both hosts): reads <see cref="IPersonStore.ReadChangesAsync"/> from its checkpoint, page
/// by page, runs every handler over the page, then stores the page's continuation (ETag-guarded). At-least-once: the
/// checkpoint moves only after every change of the page was applied or parked, so a crash re-reads the page and the
/// handlers (idempotent by person id + ETag) skip what was applied. A failed page batch is retried change by change,
/// <see cref="ChangeFeedConsumerOptions.MaxAttempts"/> times with a growing delay; a change still failing is parked
/// (<see cref="IParkedChanges"/>, with the error) and the consumer moves on. If parking fails too, the call throws and
/// the checkpoint stays before the page. Cancellation throws and leaves the checkpoint where it was. Not for concurrent
/// use on one checkpoint: a second consumer loses the checkpoint race and stops.
/// </summary>
/// <param name="store">The person store whose feed is read.</param>
/// <param name="checkpoint">Where the continuation is kept.</param>
/// <param name="parked">Where failed changes are parked.</param>
/// <param name="handlers">The handlers, run in this order for each page.</param>
/// <param name="options">Settings (defaults when null).</param>
public sealed class ChangeFeedConsumer(IPersonStore store, IChangeFeedCheckpoint checkpoint, IParkedChanges parked,
    IReadOnlyList<IChangeHandler> handlers, ChangeFeedConsumerOptions? options = null)
{
    private readonly ChangeFeedConsumerOptions _options = options ?? new ChangeFeedConsumerOptions();

    /// <summary>The settings in use.</summary>
    public ChangeFeedConsumerOptions Options => _options;

    /// <summary>Reads the feed from the checkpoint to its end (or <see cref="ChangeFeedConsumerOptions.MaxPages"/>) and
    /// keeps the derived data current; returns counts.</summary>
    /// <exception cref="OperationCanceledException">Cancelled; the checkpoint stays at the last completed page.</exception>
    public async Task<CatchUpResult> CatchUpAsync(CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var state = await checkpoint.ReadAsync(_options.Name, ct).ConfigureAwait(false);
        var (continuation, etag) = (state.Continuation, state.ETag);
        long changes = 0, applied = 0, skipped = 0, parkedCount = 0;
        var pages = 0;
        var lost = false;
        while (pages < _options.MaxPages)
        {
            var page = await store.ReadChangesAsync(continuation, _options.PageSize, ct).ConfigureAwait(false);
            if (page.Changes.Count == 0) break;
            foreach (var handler in handlers)
            {
                var (a, p) = await HandlePageAsync(handler, page.Changes, ct).ConfigureAwait(false);
                applied += a;
                parkedCount += p;
                skipped += page.Changes.Count - a - p;
            }
            var next = await checkpoint.WriteAsync(_options.Name, page.Continuation, etag, ct).ConfigureAwait(false);
            if (next is null) { lost = true; break; }
            (continuation, etag) = (page.Continuation, next);
            changes += page.Changes.Count;
            pages++;
        }
        return new CatchUpResult(changes, applied, skipped, parkedCount, pages, continuation, lost, clock.Elapsed);
    }

    /// <summary>The page in one call; on failure, change by change with retries, parking what still fails.
    /// Returns (applied, parked).</summary>
    private async Task<(int Applied, int Parked)> HandlePageAsync(IChangeHandler handler, IReadOnlyList<StoredPerson> changes, CancellationToken ct)
    {
        try
        {
            return (await handler.HandleAsync(changes, ct).ConfigureAwait(false), 0);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // fall through: isolate the failing change(s)
        }
        int applied = 0, parkedCount = 0;
        foreach (var change in changes)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    applied += await handler.HandleAsync([change], ct).ConfigureAwait(false);
                    break;
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    if (attempt < _options.MaxAttempts)
                    {
                        await Task.Delay(_options.RetryDelay * attempt, ct).ConfigureAwait(false);
                        continue;
                    }
                    await parked.ParkAsync(new ParkedChange(_options.Name, handler.Name, change.Person.Id, change.ETag,
                        $"{ex.GetType().Name}: {ex.Message}", attempt, DateTimeOffset.UtcNow), ct).ConfigureAwait(false);
                    parkedCount++;
                    break;
                }
            }
        }
        return (applied, parkedCount);
    }
}
