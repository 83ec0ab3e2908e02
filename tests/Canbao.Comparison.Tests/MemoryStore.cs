using System.Runtime.CompilerServices;
using Canbao.Domain.Changes;
using Canbao.Domain.Persons;
using Canbao.Store;

namespace Canbao.Comparison.Tests;

/// <summary>A test double of the person store: bulk write by content hash and the change feed, nothing else.</summary>
internal sealed class MemoryStore : IPersonStore
{
    public readonly Dictionary<string, PersonRecord> Persons = new(StringComparer.Ordinal);
    public int Writes;

    public Task<BulkWriteResult> WriteChangedAsync(IReadOnlyCollection<PersonRecord> persons, CancellationToken ct = default)
    {
        int written = 0, unchanged = 0;
        lock (Persons)
        {
            foreach (var p in persons)
            {
                if (Persons.TryGetValue(p.Id, out var old) && old.ContentHash == p.ContentHash) { unchanged++; continue; }
                Persons[p.Id] = p; written++; Writes++;
            }
        }
        return Task.FromResult(new BulkWriteResult(written, unchanged, 0, 0, []));
    }

    public Task<ChangeFeedPage> ReadChangesAsync(string? continuation, int maxItems, CancellationToken ct = default)
    {
        var skip = continuation is null ? 0 : int.Parse(continuation);
        var page = Persons.Values.OrderBy(p => p.Id, StringComparer.Ordinal).Skip(skip).Take(maxItems).Select(p => new StoredPerson(p, new PersonDynamics(), "1")).ToList();
        return Task.FromResult(new ChangeFeedPage(page, (skip + page.Count).ToString()));
    }

    public Task<StoredPerson?> ReadAsync(string id, CancellationToken ct = default) =>
        Task.FromResult(Persons.TryGetValue(id, out var p) ? new StoredPerson(p, new PersonDynamics(), "1") : null);

    public async IAsyncEnumerable<PersonRecord> QueryDistrictAsync(string districtCode, CoverageStatus? coverage = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await Task.Yield();
        foreach (var p in Persons.Values.Where(p => p.DistrictCode == districtCode && (coverage is null || p.Coverage == coverage))) yield return p;
    }

    public Task<string> CreateAsync(PersonRecord person, PersonDynamics dynamics, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<string> ReplaceAsync(PersonRecord person, PersonDynamics dynamics, string ifMatchETag, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<bool> LogEventAsync(EventLogEntry entry, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<EventLogEntry>> ReadEventLogAsync(string personId, CancellationToken ct = default) => throw new NotSupportedException();
}
