using Canbao.Domain.Changes;
using Canbao.Domain.Persons;

namespace Canbao.Store;

/// <summary>A stored person: the round's record, the change-event state and the ETag to send back with If-Match.</summary>
/// <param name="Person">The record.</param>
/// <param name="Dynamics">Its change-event state (an empty instance when none is stored).</param>
/// <param name="ETag">Opaque version token of the stored document.</param>
public sealed record StoredPerson(PersonRecord Person, PersonDynamics Dynamics, string ETag);

/// <summary>Outcome of <see cref="IPersonStore.WriteChangedAsync"/>. Written + Unchanged + Failed = persons given.</summary>
/// <param name="Written">Persons created or replaced (confirmed by the backend).</param>
/// <param name="Unchanged">Persons skipped because the stored content hash was the same.</param>
/// <param name="Failed">Persons not written; see <paramref name="Failures"/>.</param>
/// <param name="RequestCharge">Request units consumed (Cosmos DB); 0 for SQLite.</param>
/// <param name="Failures">Resident ID and reason per failed person (mask the ID before logging it).</param>
public sealed record BulkWriteResult(int Written, int Unchanged, int Failed, double RequestCharge, IReadOnlyList<BulkFailure> Failures);

/// <summary>One person a bulk write could not write.</summary>
/// <param name="PersonId">Resident ID (mask with ResidentId.Mask before logging).</param>
/// <param name="Reason">Why, e.g. <c>429 until deadline</c> or the backend status code.</param>
public sealed record BulkFailure(string PersonId, string Reason);

/// <summary>One page of the change feed.</summary>
/// <param name="Changes">Changed persons (record, dynamics, ETag), latest version of each, in write order.</param>
/// <param name="Continuation">Where to resume; pass it to the next call (same value when nothing new).</param>
public sealed record ChangeFeedPage(IReadOnlyList<StoredPerson> Changes, string Continuation);

/// <summary>One entry of the applied-change-event log (partitioned by person).</summary>
/// <param name="PersonId">Resident ID.</param>
/// <param name="EventId">Stable event id.</param>
/// <param name="Kind">Event kind.</param>
/// <param name="EventDate">Date the change took effect.</param>
/// <param name="Source">Reporting feed id.</param>
/// <param name="Outcome">Applied, Created or Superseded.</param>
/// <param name="AppliedAt">When it was applied (UTC).</param>
public sealed record EventLogEntry(string PersonId, string EventId, ChangeEventKind Kind, DateOnly EventDate, string Source,
    ChangeOutcome Outcome, DateTimeOffset AppliedAt);
