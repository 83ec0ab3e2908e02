using Canbao.Domain.Changes;
using Canbao.Domain.Persons;

namespace Canbao.Store.Tests;

/// <summary>
/// A store decorator that injects the case-20 race deterministically: both workers read before either writes, and the
/// second worker's first replace waits until the first worker's replace has committed — so it carries a stale ETag and
/// must get a 412 from the real store. With <c>alwaysConflict</c> every replace fails with a conflict.
/// </summary>
internal sealed class RaceGate(IPersonStore inner, string? firstWriterEventId = null, string? secondWriterEventId = null, bool alwaysConflict = false)
    : IPersonStore
{
    public static readonly AsyncLocal<string?> Worker = new();
    private readonly TaskCompletionSource _bothRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstWritten = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<string> _haveRead = [];
    private bool _secondWaited;

    public async Task<StoredPerson?> ReadAsync(string id, CancellationToken ct = default)
    {
        var r = await inner.ReadAsync(id, ct);
        var w = Worker.Value;
        if (w is null || alwaysConflict) return r;
        bool wait;
        lock (_haveRead)
        {
            wait = _haveRead.Add(w);
            if (_haveRead.Count == 2) _bothRead.TrySetResult();
        }
        if (wait) await _bothRead.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        return r;
    }

    public async Task<string> ReplaceAsync(PersonRecord person, PersonDynamics dynamics, string ifMatchETag, CancellationToken ct = default)
    {
        if (alwaysConflict) throw new ETagConflictException(person.Id);
        var w = Worker.Value;
        if (w == secondWriterEventId && !_secondWaited)
        {
            _secondWaited = true;
            await _firstWritten.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        }
        try { return await inner.ReplaceAsync(person, dynamics, ifMatchETag, ct); }
        finally { if (w == firstWriterEventId) _firstWritten.TrySetResult(); }
    }

    public IAsyncEnumerable<PersonRecord> QueryDistrictAsync(string districtCode, CoverageStatus? coverage = null, CancellationToken ct = default)
        => inner.QueryDistrictAsync(districtCode, coverage, ct);
    public Task<string> CreateAsync(PersonRecord person, PersonDynamics dynamics, CancellationToken ct = default) => inner.CreateAsync(person, dynamics, ct);
    public Task<BulkWriteResult> WriteChangedAsync(IReadOnlyCollection<PersonRecord> persons, CancellationToken ct = default) => inner.WriteChangedAsync(persons, ct);
    public Task<ChangeFeedPage> ReadChangesAsync(string? continuation, int maxItems, CancellationToken ct = default) => inner.ReadChangesAsync(continuation, maxItems, ct);
    public Task<bool> LogEventAsync(EventLogEntry entry, CancellationToken ct = default) => inner.LogEventAsync(entry, ct);
    public Task<IReadOnlyList<EventLogEntry>> ReadEventLogAsync(string personId, CancellationToken ct = default) => inner.ReadEventLogAsync(personId, ct);
}
