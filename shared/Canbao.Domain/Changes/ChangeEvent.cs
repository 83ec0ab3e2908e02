using System.Security.Cryptography;
using System.Text;
using Canbao.Domain.Standard;

namespace Canbao.Domain.Changes;

/// <summary>
/// One reported change (变更登记) about one person. Immutable. <see cref="Id"/> is stable: the same report from the same
/// feed always gets the same id (see <see cref="StableId"/>), which makes applying it idempotent.
/// </summary>
public sealed record ChangeEvent
{
    /// <summary>Stable event id: 32 lower-case hex characters, <see cref="StableId"/> of <see cref="Source"/> and the natural key.</summary>
    public required string Id { get; init; }

    /// <summary>What changed.</summary>
    public required ChangeEventKind Kind { get; init; }

    /// <summary>Canonical 18-character resident ID of the person the event is about.</summary>
    public required string PersonId { get; init; }

    /// <summary>The date the change took effect (death date, migration effective date, status change date …), not the date reported.</summary>
    public required DateOnly EventDate { get; init; }

    /// <summary>Feed id of the department that reported it (e.g. <c>household_registry</c>, <c>civil_affairs</c>).</summary>
    public required string Source { get; init; }

    /// <summary>New household-registration (户籍) address for <see cref="ChangeEventKind.MigrationIn"/>; otherwise null.</summary>
    public string? HukouAddress { get; init; }

    /// <summary>New 6-digit residence district code (migration in, birth, residence permit); null when unchanged.</summary>
    public string? DistrictCode { get; init; }

    /// <summary>New 9-digit residence township code (migration in, birth, residence permit); null when unchanged.</summary>
    public string? TownshipCode { get; init; }

    /// <summary>The insurance whose status changed (<see cref="ChangeEventKind.EnrollmentStatusChange"/> only).</summary>
    public InsuranceType? Insurance { get; init; }

    /// <summary>The new status of <see cref="Insurance"/> (<see cref="ChangeEventKind.EnrollmentStatusChange"/> only).</summary>
    public EnrollmentStatus? Status { get; init; }

    /// <summary>
    /// Stable id of an event: the first 16 bytes of SHA-256 over <c>source \u001f naturalKey</c> (UTF-8), as lower-case
    /// hex. The natural key is whatever identifies the report in its feed, e.g. <c>personId|kind|eventDate</c> or the
    /// department's own record number — the same report delivered twice must give the same key.
    /// </summary>
    /// <exception cref="ArgumentException">source or naturalKey empty.</exception>
    public static string StableId(string source, string naturalKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(naturalKey);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(source + "\u001f" + naturalKey));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    /// <summary>
    /// Natural key used when a feed has no record number of its own: person, kind, date and the payload
    /// (<c>personId|kind|yyyy-MM-dd|payload</c>).
    /// </summary>
    public static string DefaultNaturalKey(string personId, ChangeEventKind kind, DateOnly eventDate, string? payload = null)
        => $"{personId}|{kind}|{eventDate:yyyy-MM-dd}|{payload}";

    /// <summary>
    /// Event order: by <see cref="EventDate"/>, then by kind (a death sorts last on its day, so same-day reports apply
    /// before it), then by <see cref="Id"/> so the order is total and deterministic.
    /// </summary>
    public static readonly IComparer<ChangeEvent> Order = Comparer<ChangeEvent>.Create((a, b) =>
    {
        var c = a.EventDate.CompareTo(b.EventDate);
        if (c != 0) return c;
        c = Rank(a.Kind).CompareTo(Rank(b.Kind));
        return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
    });

    private static int Rank(ChangeEventKind k) => k switch
    {
        ChangeEventKind.Birth => 0,
        ChangeEventKind.Death => 9,
        _ => 5,
    };

    /// <summary>The (date, kind, id) position of this event, comparable with <see cref="EventStamp.CompareTo"/>.</summary>
    public EventStamp Stamp => new(EventDate, Rank(Kind), Id);
}

/// <summary>Position of an event in event order (see <see cref="ChangeEvent.Order"/>); stored with each fact it set.</summary>
/// <param name="Date">Event date.</param>
/// <param name="Rank">Kind rank within a day (birth 0, others 5, death 9).</param>
/// <param name="EventId">Stable event id, the final tie-break.</param>
public readonly record struct EventStamp(DateOnly Date, int Rank, string EventId) : IComparable<EventStamp>
{
    /// <inheritdoc />
    public int CompareTo(EventStamp other)
    {
        var c = Date.CompareTo(other.Date);
        if (c != 0) return c;
        c = Rank.CompareTo(other.Rank);
        return c != 0 ? c : string.CompareOrdinal(EventId, other.EventId);
    }
}
