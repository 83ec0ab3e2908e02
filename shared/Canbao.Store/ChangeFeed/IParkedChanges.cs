namespace Canbao.Store.ChangeFeed;

/// <summary>A change a handler could not apply after its retries; the consumer moved on past it.</summary>
/// <param name="Consumer">Consumer name (checkpoint name).</param>
/// <param name="Handler">Handler name.</param>
/// <param name="PersonId">Resident ID (mask with ResidentId.Mask before logging).</param>
/// <param name="ETag">Version of the person that failed.</param>
/// <param name="Error">The last error (exception type and message).</param>
/// <param name="Attempts">Attempts made.</param>
/// <param name="ParkedAt">When (UTC).</param>
public sealed record ParkedChange(string Consumer, string Handler, string PersonId, string ETag, string Error, int Attempts, DateTimeOffset ParkedAt);

/// <summary>The parked list of change-feed consumers. Idempotent: parking the same (consumer, handler, person, ETag)
/// again replaces the entry.</summary>
public interface IParkedChanges
{
    /// <summary>Adds (or replaces) a parked change.</summary>
    Task ParkAsync(ParkedChange parked, CancellationToken ct = default);

    /// <summary>Every parked change, oldest first.</summary>
    Task<IReadOnlyList<ParkedChange>> ReadParkedAsync(CancellationToken ct = default);
}
