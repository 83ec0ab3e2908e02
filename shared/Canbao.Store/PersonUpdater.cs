using Canbao.Domain.Changes;
using Canbao.Domain.Persons;

namespace Canbao.Store;

/// <summary>How a read-modify-write ended.</summary>
public enum UpdateStatus
{
    /// <summary>The change was written.</summary>
    Written,
    /// <summary>The modification decided there was nothing to write.</summary>
    NoChange,
    /// <summary>No record exists; nothing was created.</summary>
    NotFound,
    /// <summary>Every attempt met a 412; the change must be dead-lettered.</summary>
    GaveUp,
}

/// <summary>Result of <see cref="PersonUpdater.UpdateAsync"/>.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Attempts">Writes attempted (1 = no conflict).</param>
/// <param name="Conflicts">412 responses met.</param>
/// <param name="Person">The record as last modified (null when not found).</param>
public sealed record UpdateResult(UpdateStatus Status, int Attempts, int Conflicts, PersonRecord? Person);

/// <summary>
/// Optimistic-concurrency read-modify-write over <see cref="IPersonStore"/> (case 20, after azure-cosmos-dotnet-v3
/// PR #1629): read the record and its ETag, apply the modification, Replace with If-Match; on 412 re-read and re-apply
/// the same modification to the fresh record; at most <see cref="MaxAttempts"/> attempts, then give up (the caller
/// dead-letters). A missing record is reported, never created.
/// </summary>
/// <param name="store">The store.</param>
/// <param name="maxAttempts">Attempts before giving up (default 10, case 20).</param>
public sealed class PersonUpdater(IPersonStore store, int maxAttempts = 10)
{
    /// <summary>Attempts before giving up.</summary>
    public int MaxAttempts { get; } = maxAttempts > 0 ? maxAttempts : throw new ArgumentOutOfRangeException(nameof(maxAttempts));

    /// <summary>
    /// Reads person <paramref name="id"/>, calls <paramref name="modify"/> on fresh copies (it returns false when there is
    /// nothing to write) and replaces with If-Match, retrying on 412.
    /// </summary>
    public async Task<UpdateResult> UpdateAsync(string id, Func<PersonRecord, PersonDynamics, bool> modify, CancellationToken ct = default)
    {
        var conflicts = 0;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var current = await store.ReadAsync(id, ct).ConfigureAwait(false);
            if (current is null) return new UpdateResult(UpdateStatus.NotFound, attempt - 1, conflicts, null);
            if (!modify(current.Person, current.Dynamics)) return new UpdateResult(UpdateStatus.NoChange, attempt - 1, conflicts, current.Person);
            try
            {
                await store.ReplaceAsync(current.Person, current.Dynamics, current.ETag, ct).ConfigureAwait(false);
                return new UpdateResult(UpdateStatus.Written, attempt, conflicts, current.Person);
            }
            catch (ETagConflictException)
            {
                conflicts++;
            }
            catch (PersonNotFoundException)
            {
                return new UpdateResult(UpdateStatus.NotFound, attempt, conflicts, null);
            }
        }
        return new UpdateResult(UpdateStatus.GaveUp, MaxAttempts, conflicts, null);
    }
}
