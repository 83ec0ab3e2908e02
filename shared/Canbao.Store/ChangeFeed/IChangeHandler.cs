namespace Canbao.Store.ChangeFeed;

/// <summary>
/// One kind of derived data kept current from the change feed. Idempotent, keyed by person id + ETag: handling a
/// version that was handled already changes nothing (at-least-once delivery is safe), and handling a newer version
/// replaces what the older one contributed. A call is all-or-nothing or idempotent per item, so the consumer may retry it.
/// </summary>
public interface IChangeHandler
{
    /// <summary>Stable name (snake_case), used in the parked list, e.g. <c>district_statistics</c>.</summary>
    string Name { get; }

    /// <summary>Applies the changed persons (latest version of each, in feed order); returns how many were applied
    /// (the rest had been applied already).</summary>
    Task<int> HandleAsync(IReadOnlyList<StoredPerson> changes, CancellationToken ct = default);
}
