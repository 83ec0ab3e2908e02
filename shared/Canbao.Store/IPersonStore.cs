using Canbao.Domain.Changes;
using Canbao.Domain.Persons;

namespace Canbao.Store;

/// <summary>
/// The person store: one record per resident ID (the <see cref="PersonRecord"/> the round builds) with its
/// <see cref="PersonDynamics"/> (change-event state), an ETag per record, an ordered change feed and a log of applied
/// change events. Implementations: SQLite (embedded default) and Cosmos DB. Every hot operation is a point read by
/// resident ID or a query within one district. Errors: <see cref="ETagConflictException"/> (412),
/// <see cref="PersonNotFoundException"/>, <see cref="PersonAlreadyExistsException"/>; anything else is the backend's.
/// </summary>
public interface IPersonStore
{
    /// <summary>Point read by canonical 18-character resident ID; null when no record exists.</summary>
    Task<StoredPerson?> ReadAsync(string id, CancellationToken ct = default);

    /// <summary>
    /// Bulk read by canonical resident IDs (a comparison round reads one partition's stored persons at once instead of
    /// one point read each): the stored record of every ID that has one, keyed on the ID; IDs without a record are
    /// absent. The default reads each ID with <see cref="ReadAsync"/>; backends override it with one query per batch.
    /// </summary>
    async Task<IReadOnlyDictionary<string, StoredPerson>> ReadManyAsync(IReadOnlyCollection<string> ids, CancellationToken ct = default)
    {
        var found = new Dictionary<string, StoredPerson>(StringComparer.Ordinal);
        foreach (var id in ids)
            if (await ReadAsync(id, ct).ConfigureAwait(false) is { } stored) found[id] = stored;
        return found;
    }

    /// <summary>Persons whose residence is in <paramref name="districtCode"/> (6 digits), optionally only those with
    /// <paramref name="coverage"/>, in no particular order (sort when order matters). A single-partition query.</summary>
    IAsyncEnumerable<PersonRecord> QueryDistrictAsync(string districtCode, CoverageStatus? coverage = null, CancellationToken ct = default);

    /// <summary>Creates a record that must not exist yet; returns its ETag.</summary>
    /// <exception cref="PersonAlreadyExistsException">A record with that id exists.</exception>
    Task<string> CreateAsync(PersonRecord person, PersonDynamics dynamics, CancellationToken ct = default);

    /// <summary>Replaces an existing record if its ETag is still <paramref name="ifMatchETag"/>; returns the new ETag.
    /// Never creates (no upsert with If-Match — case 20).</summary>
    /// <exception cref="ETagConflictException">Someone wrote the record since it was read (HTTP 412).</exception>
    /// <exception cref="PersonNotFoundException">No record with that id.</exception>
    Task<string> ReplaceAsync(PersonRecord person, PersonDynamics dynamics, string ifMatchETag, CancellationToken ct = default);

    /// <summary>
    /// Bulk write of the round's persons: a person whose <see cref="PersonRecord.ContentHash"/> equals the stored one is
    /// skipped (unchanged); others are created or their record replaced, keeping the stored dynamics. Every item's
    /// outcome is checked; nothing is counted as written that was not. Re-running after a partial failure writes only
    /// what is missing.
    /// </summary>
    Task<BulkWriteResult> WriteChangedAsync(IReadOnlyCollection<PersonRecord> persons, CancellationToken ct = default);

    /// <summary><see cref="BulkFailure.Reason"/> of a person a conditional bulk write did not write because its record
    /// changed (or was created) after the ETags were read (HTTP 412).</summary>
    const string ETagConflictReason = "etag_conflict";

    /// <summary>
    /// Conditional bulk write (a round writes what it merged with the records it read): as
    /// <see cref="WriteChangedAsync(IReadOnlyCollection{PersonRecord}, CancellationToken)"/>, but a person is written
    /// only if its stored record still has the ETag in <paramref name="readETags"/> (keyed on the ID), or, when the ID
    /// is absent there, only if no record exists yet. A person that fails the condition is not written and is reported
    /// in <see cref="BulkWriteResult.Failures"/> with reason <see cref="ETagConflictReason"/>, so the caller re-reads,
    /// re-merges and writes it again (case 20: never overwrite what another process wrote in between). The default
    /// ignores the ETags and writes unconditionally; backends with a conditional write override it (SQLite does).
    /// </summary>
    /// <param name="persons">Persons to write.</param>
    /// <param name="readETags">ETag per ID as read (<see cref="ReadManyAsync"/>); IDs that had no record are absent.</param>
    /// <param name="ct">Cancellation.</param>
    Task<BulkWriteResult> WriteChangedIfMatchAsync(IReadOnlyCollection<PersonRecord> persons, IReadOnlyDictionary<string, string> readETags, CancellationToken ct = default)
        => WriteChangedAsync(persons, ct);

    /// <summary>
    /// <see cref="WriteChangedIfMatchAsync"/> for persons the caller has serialized already (<see cref="PersonDocument"/>):
    /// the same conditions, outcomes and failures. A comparison round uses it so its write batches hold bytes instead of
    /// record graphs. The default deserializes each document and calls <see cref="WriteChangedIfMatchAsync"/>; a backend
    /// that stores the JSON as is overrides it (SQLite does).
    /// </summary>
    /// <param name="documents">Documents to write.</param>
    /// <param name="readETags">ETag per ID as read; IDs that had no record are absent.</param>
    /// <param name="ct">Cancellation.</param>
    /// <exception cref="System.Text.Json.JsonException">A document is not a person record (default implementation).</exception>
    Task<BulkWriteResult> WriteDocumentsIfMatchAsync(IReadOnlyList<PersonDocument> documents, IReadOnlyDictionary<string, string> readETags, CancellationToken ct = default)
        => WriteChangedIfMatchAsync(documents.Select(d => PersonJson.DeserializePerson(d.Json.Span)).ToList(), readETags, ct);

    /// <summary>
    /// The change feed: persons written after <paramref name="continuation"/> (null = from the beginning), latest version
    /// of each, in write order, at most <paramref name="maxItems"/>. Pass the returned continuation to resume.
    /// </summary>
    Task<ChangeFeedPage> ReadChangesAsync(string? continuation, int maxItems, CancellationToken ct = default);

    /// <summary>Logs an applied change event; false (and nothing written) when that person's event id is logged already.</summary>
    Task<bool> LogEventAsync(EventLogEntry entry, CancellationToken ct = default);

    /// <summary>The applied-event log of one person, oldest first (a single-partition query).</summary>
    Task<IReadOnlyList<EventLogEntry>> ReadEventLogAsync(string personId, CancellationToken ct = default);
}
