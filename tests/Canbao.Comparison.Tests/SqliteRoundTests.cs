using Canbao.Comparison;
using Canbao.Domain.Changes;
using Canbao.Domain.Persons;
using Canbao.Store;
using Canbao.Store.Sqlite;

namespace Canbao.Comparison.Tests;

/// <summary>The round over the embedded SQLite store: stored persons read in bulk, an operator's change kept by a re-run.</summary>
public sealed class SqliteRoundTests : IDisposable
{
    private static readonly string Zhao = Build.Id("63010219800101001");
    private readonly string _dir = Directory.CreateTempSubdirectory("canbao-sqlite-round-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static List<SourceRow> Drops() => [.. World.Background(50), Build.Registry(Zhao, "赵子龙", "630102003")];

    [Fact]
    public async Task ReadMany_returns_the_stored_persons_with_their_etags_and_leaves_out_unknown_ids()
    {
        var store = new SqlitePersonStore(Path.Combine(_dir, "persons.db"));
        var first = await new ComparisonRound(store, new RoundOptions("r1", Build.Date, 2)).RunAsync(Drops(), 0, null);
        Assert.Equal(51, first.ChangedPersons);
        var unknown = Build.Id("63010219800101002");
        var found = await store.ReadManyAsync([Zhao, unknown]);
        Assert.Equal([Zhao], found.Keys);
        Assert.Equal("赵子龙", found[Zhao].Person.Name);
        Assert.Equal((await store.ReadAsync(Zhao))!.ETag, found[Zhao].ETag);
        var all = await store.ReadManyAsync(Drops().Select(r => r.Get("resident_id")).Distinct().ToList());
        Assert.Equal(51, all.Count); // every person of the round
    }

    [Fact]
    public async Task A_rerun_keeps_the_survey_result_an_operator_stored_between_rounds()
    {
        var store = new SqlitePersonStore(Path.Combine(_dir, "persons.db"));
        await new ComparisonRound(store, new RoundOptions("r1", Build.Date, 2)).RunAsync(Drops(), 0, null);
        var stored = (await store.ReadAsync(Zhao))!;
        Assert.Equal(RecordMerger.OpenSurveyStatus, stored.Person.Survey!.Status); // not enrolled: on the roster
        stored.Person.Survey = stored.Person.Survey with { Status = "unreachable" };
        await store.ReplaceAsync(stored.Person, stored.Dynamics, stored.ETag);

        var outDir = Path.Combine(_dir, "out");
        var again = await new ComparisonRound(store, new RoundOptions("r2", Build.Date, 2)).RunAsync(Drops(), 0, outDir);
        Assert.Equal(0, again.ChangedPersons);
        Assert.Equal("unreachable", (await store.ReadAsync(Zhao))!.Person.Survey!.Status);
        var roster = File.ReadAllText(Path.Combine(outDir, "rosters", "630102003.csv"));
        Assert.Contains(Zhao, roster); // the stored record (with its survey state) is what the outputs list
    }

    [Fact]
    public async Task An_operator_write_between_the_rounds_read_and_its_write_is_re_merged_not_overwritten()
    {
        var path = Path.Combine(_dir, "persons.db");
        var sqlite = new SqlitePersonStore(path);
        await new ComparisonRound(sqlite, new RoundOptions("r1", Build.Date, 2)).RunAsync(Drops(), 0, null);
        Assert.Equal(CoverageStatus.NotEnrolled, (await sqlite.ReadAsync(Zhao))!.Person.Coverage);

        // Round 2 brings a new enrollment for Zhao; an operator confirms Zhao's survey (with a phone number) after the
        // round read the partition's records and before it writes them.
        var racing = new OperatorBetweenReadAndWrite(sqlite, Zhao);
        var drops = Drops().Append(Build.Enroll(Zhao, "赵子龙", "城乡居民基本养老保险")).ToList();
        var summary = await new ComparisonRound(racing, new RoundOptions("r2", Build.Date, 2)).RunAsync(drops, 0, null);

        Assert.True(racing.Wrote);
        Assert.Equal(1, summary.ChangedPersons);
        var zhao = (await sqlite.ReadAsync(Zhao))!.Person;
        Assert.Equal(CoverageStatus.PartlyEnrolled, zhao.Coverage); // the round's new content
        Assert.Equal(RecordMerger.ConfirmedSurveyStatus, zhao.Survey!.Status); // the operator's result, not the stale to_survey
        Assert.Equal("13800000000", zhao.Phone);
        Assert.Equal(["r1", "operator", "r2"], zhao.History.Select(h => h.Round));
        Assert.Equal(2, racing.ConditionalWrites); // only Zhao changed: refused once (conflict), then written re-merged
    }

    [Fact]
    public async Task A_person_created_between_the_rounds_read_and_its_write_is_merged_with_what_was_created()
    {
        var path = Path.Combine(_dir, "persons.db");
        var sqlite = new SqlitePersonStore(path);
        // Zhao is new to the store when the round reads; someone (another round, an operator) creates him before the
        // round writes: the round's write is refused, the created record read and merged with the derived one.
        var racing = new OperatorBetweenReadAndWrite(sqlite, Zhao, create: true);
        var summary = await new ComparisonRound(racing, new RoundOptions("r1", Build.Date, 2)).RunAsync(Drops(), 0, null);

        Assert.True(racing.Wrote);
        var zhao = (await sqlite.ReadAsync(Zhao))!.Person;
        Assert.Equal(CoverageStatus.NotEnrolled, zhao.Coverage); // the round's content
        Assert.Equal(RecordMerger.ConfirmedSurveyStatus, zhao.Survey!.Status); // the creator's survey result, not to_survey
        Assert.Equal("13800000000", zhao.Phone); // and its phone, kept by the merge
        Assert.Equal(["operator", "r1"], zhao.History.Select(h => h.Round)); // the creator's entry, then the round's once
        Assert.Equal(3, racing.ConditionalWrites); // one write per partition, Zhao's refused once (conflict), then written merged
    }

    /// <summary>The SQLite store with an operator's write slipped in right after the round's bulk read.</summary>
    private sealed class OperatorBetweenReadAndWrite(SqlitePersonStore inner, string personId, bool create = false) : IPersonStore
    {
        public bool Wrote { get; private set; }
        public int ConditionalWrites { get; private set; }

        public async Task<IReadOnlyDictionary<string, StoredPerson>> ReadManyAsync(IReadOnlyCollection<string> ids, CancellationToken ct = default)
        {
            var found = await inner.ReadManyAsync(ids, ct);
            if (create && !Wrote && ids.Contains(personId) && !found.ContainsKey(personId))
            {
                Wrote = true;
                await inner.CreateAsync(new PersonRecord
                {
                    Id = personId, DistrictCode = "630102", Name = "赵子龙", Phone = "13800000000", ContentHash = "created", Coverage = CoverageStatus.NotEnrolled,
                    Survey = new SurveyState(RecordMerger.ConfirmedSurveyStatus, "not_enrolled", "630102001"),
                    History = [new AuditEntry("2026-11-02", "operator", "created")],
                }, new PersonDynamics(), ct);
                return found;
            }
            if (!Wrote && found.TryGetValue(personId, out var read))
            {
                Wrote = true;
                var p = PersonJson.DeserializePerson(PersonJson.Serialize(read.Person)); // the operator's own copy
                p.Survey = p.Survey! with { Status = RecordMerger.ConfirmedSurveyStatus };
                p.Phone = "13800000000";
                p.History.Add(new AuditEntry("2026-11-02", "operator", "survey confirmed"));
                await inner.ReplaceAsync(p, read.Dynamics, read.ETag, ct);
            }
            return found;
        }

        public Task<BulkWriteResult> WriteChangedIfMatchAsync(IReadOnlyCollection<PersonRecord> persons, IReadOnlyDictionary<string, string> readETags, CancellationToken ct = default)
        {
            ConditionalWrites++;
            return inner.WriteChangedIfMatchAsync(persons, readETags, ct);
        }

        public Task<BulkWriteResult> WriteChangedAsync(IReadOnlyCollection<PersonRecord> persons, CancellationToken ct = default) => inner.WriteChangedAsync(persons, ct);
        public Task<StoredPerson?> ReadAsync(string id, CancellationToken ct = default) => inner.ReadAsync(id, ct);
        public IAsyncEnumerable<PersonRecord> QueryDistrictAsync(string districtCode, CoverageStatus? coverage = null, CancellationToken ct = default) => inner.QueryDistrictAsync(districtCode, coverage, ct);
        public Task<string> CreateAsync(PersonRecord person, PersonDynamics dynamics, CancellationToken ct = default) => inner.CreateAsync(person, dynamics, ct);
        public Task<string> ReplaceAsync(PersonRecord person, PersonDynamics dynamics, string ifMatchETag, CancellationToken ct = default) => inner.ReplaceAsync(person, dynamics, ifMatchETag, ct);
        public Task<ChangeFeedPage> ReadChangesAsync(string? continuation, int maxItems, CancellationToken ct = default) => inner.ReadChangesAsync(continuation, maxItems, ct);
        public Task<bool> LogEventAsync(EventLogEntry entry, CancellationToken ct = default) => inner.LogEventAsync(entry, ct);
        public Task<IReadOnlyList<EventLogEntry>> ReadEventLogAsync(string personId, CancellationToken ct = default) => inner.ReadEventLogAsync(personId, ct);
    }
}
