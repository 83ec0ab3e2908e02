namespace Canbao.Store.ChangeFeed;

/// <summary>A consumer's stored position in the change feed.</summary>
/// <param name="Continuation">The continuation to resume from; null = from the beginning of the feed.</param>
/// <param name="ETag">Version of the stored checkpoint to write against; null = no checkpoint stored yet.</param>
public sealed record CheckpointState(string? Continuation, string? ETag);

/// <summary>
/// Where a change-feed consumer keeps its continuation: SQLite (<c>SqliteChangeFeedCheckpoint</c>, a table in the store
/// file) or a blob in Azure (<c>BlobCheckpoint</c>). Writes are conditional on the ETag read, so two consumers racing
/// cannot move the checkpoint backwards: the loser gets null and stops.
/// </summary>
public interface IChangeFeedCheckpoint
{
    /// <summary>The stored checkpoint of <paramref name="consumer"/> (both fields null when none is stored).</summary>
    Task<CheckpointState> ReadAsync(string consumer, CancellationToken ct = default);

    /// <summary>Stores <paramref name="continuation"/> if the checkpoint is still at <paramref name="expectedETag"/>
    /// (null = none may exist yet); returns the new ETag, or null when another writer moved it.</summary>
    Task<string?> WriteAsync(string consumer, string continuation, string? expectedETag, CancellationToken ct = default);
}
