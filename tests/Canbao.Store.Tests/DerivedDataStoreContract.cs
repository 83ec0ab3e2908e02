using Canbao.Domain.Changes;
using Canbao.Domain.Persons;
using Canbao.Store.ChangeFeed;
using Canbao.Store.Cosmos;
using Canbao.Store.Sqlite;
using static Canbao.Store.Tests.TestData;

namespace Canbao.Store.Tests;

/// <summary>
/// One contract for <see cref="IDerivedDataStore"/>, run on SQLite, on the @vercel/cosmosdb-server stand-in and (when
/// CANBAO_COSMOS_CONNECTION is set) on real Cosmos DB: idempotency by person + ETag, a newer version replacing the
/// older one's contribution (also across districts and departments), removal, read order, and the three handlers over
/// varied persons equal to a from-scratch recomputation after a second round of changes and a replay.
/// </summary>
public abstract class DerivedDataStoreContract
{
    private IDerivedDataStore? _store;

    /// <summary>Why the target cannot run (null = it can).</summary>
    protected abstract string? Unavailable { get; }
    protected abstract IDerivedDataStore CreateStore();

    protected IDerivedDataStore Store
    {
        get
        {
            Skip.If(Unavailable is not null, Unavailable);
            return _store ??= CreateStore();
        }
    }

    private static Derived<StatisticsContribution> Stat(int i, string etag, string district, string coverage, params string[] insurances)
        => new(Id(i), etag, new StatisticsContribution(district, coverage, insurances));

    [SkippableFact]
    public async Task Statistics_replay_is_skipped_and_a_new_version_moves_the_contribution()
    {
        var s = Store;
        Assert.Equal(3, await s.ApplyStatisticsAsync([
            Stat(1, "e1", "630102", "fully_enrolled", "employee_medical", "employee_pension"),
            Stat(2, "e1", "630102", "not_enrolled"),
            Stat(3, "e1", "630103", "fully_enrolled", "resident_medical"),
        ]));
        DistrictCount[] first =
        [
            new("630102", "coverage", "fully_enrolled", 1), new("630102", "coverage", "not_enrolled", 1),
            new("630102", "insurance", "employee_medical", 1), new("630102", "insurance", "employee_pension", 1),
            new("630103", "coverage", "fully_enrolled", 1), new("630103", "insurance", "resident_medical", 1),
        ];
        Assert.Equal(first, await s.ReadDistrictStatisticsAsync());

        // The same versions again (at-least-once delivery): nothing applied, nothing counted twice.
        Assert.Equal(0, await s.ApplyStatisticsAsync([Stat(1, "e1", "630102", "fully_enrolled", "employee_medical", "employee_pension"), Stat(2, "e1", "630102", "not_enrolled")]));
        Assert.Equal(first, await s.ReadDistrictStatisticsAsync());

        // Person 1 moves to 630103 and lapses; person 2 enrolls in place; a replay of person 3 is skipped in the same call.
        Assert.Equal(2, await s.ApplyStatisticsAsync([
            Stat(1, "e2", "630103", "lapsed"),
            Stat(2, "e2", "630102", "fully_enrolled", "resident_pension"),
            Stat(3, "e1", "630103", "fully_enrolled", "resident_medical"),
        ]));
        Assert.Equal([
            new("630102", "coverage", "fully_enrolled", 1), new("630102", "insurance", "resident_pension", 1),
            new("630103", "coverage", "fully_enrolled", 1), new("630103", "coverage", "lapsed", 1), new("630103", "insurance", "resident_medical", 1),
        ], await s.ReadDistrictStatisticsAsync());
    }

    [SkippableFact]
    public async Task Survey_list_adds_moves_removes_and_reads_by_township_then_id()
    {
        var s = Store;
        Assert.Equal(3, await s.ApplySurveyAsync([
            new(Id(3), "e1", new SurveyWorkItem(Id(3), "630102", "630102002", "not_enrolled")),
            new(Id(1), "e1", new SurveyWorkItem(Id(1), "630102", "630102002", "lapsed")),
            new(Id(2), "e1", new SurveyWorkItem(Id(2), "630103", "630103001", "newborn")),
        ]));
        Assert.Equal([
            new SurveyWorkItem(Id(1), "630102", "630102002", "lapsed"), new SurveyWorkItem(Id(3), "630102", "630102002", "not_enrolled"),
            new SurveyWorkItem(Id(2), "630103", "630103001", "newborn"),
        ], await s.ReadSurveyWorkListAsync());

        Assert.Equal(0, await s.ApplySurveyAsync([new(Id(1), "e1", new SurveyWorkItem(Id(1), "630102", "630102002", "lapsed"))]));
        // Person 1 enrolls (off the list); person 2 moves to another district and township.
        Assert.Equal(2, await s.ApplySurveyAsync([
            new(Id(1), "e2", null),
            new(Id(2), "e2", new SurveyWorkItem(Id(2), "630102", "630102001", "moved_in")),
        ]));
        Assert.Equal([
            new SurveyWorkItem(Id(2), "630102", "630102001", "moved_in"), new SurveyWorkItem(Id(3), "630102", "630102002", "not_enrolled"),
        ], await s.ReadSurveyWorkListAsync());
        // A person who was never listed and stays off: applied (the marker moves), nothing listed.
        Assert.Equal(1, await s.ApplySurveyAsync([new(Id(4), "e1", null)]));
        Assert.Equal(2, (await s.ReadSurveyWorkListAsync()).Count);
    }

    [SkippableFact]
    public async Task Department_lists_replace_a_persons_lines_across_departments()
    {
        var s = Store;
        DepartmentListEntry Line(int i, string dept, string feed, string finding, string detail = "d") => new(dept, feed, Id(i), "张" + i, finding, detail);
        IReadOnlyList<DepartmentListEntry> v1 = [Line(1, "社保", "employee_insurance", "已死亡仍在参保缴费", "employee_pension"), Line(1, "公安", "household_registry", "姓名与其他来源不一致")];
        IReadOnlyList<DepartmentListEntry> other = [Line(2, "社保", "employee_insurance", "重复参保", "employee_pension (630100)")];
        Assert.Equal(2, await s.ApplyDepartmentListsAsync([new(Id(1), "e1", v1), new(Id(2), "e1", other)]));
        Assert.Equal([v1[1], v1[0], other[0]], await s.ReadDepartmentListsAsync());

        Assert.Equal(0, await s.ApplyDepartmentListsAsync([new(Id(1), "e1", v1)]));
        // Person 1's next version keeps only the 社保 finding with a new detail; person 2's lines go.
        IReadOnlyList<DepartmentListEntry> v2 = [Line(1, "社保", "employee_insurance", "已死亡仍在参保缴费", "employee_pension, 死亡日期 2026-11-20")];
        Assert.Equal(2, await s.ApplyDepartmentListsAsync([new(Id(1), "e2", v2), new(Id(2), "e2", [])]));
        Assert.Equal(v2, await s.ReadDepartmentListsAsync());
    }

    [SkippableFact]
    public async Task Handlers_over_varied_persons_equal_a_recomputation_after_changes_and_replays()
    {
        var s = Store;
        var handlers = DerivedDataHandlers.All(s);
        var persons = Enumerable.Range(1, 24).Select(i => new StoredPerson(ChangeFeedConsumerContract.Rich(i), Dynamics(i), "v1:" + i)).ToList();
        foreach (var h in handlers) Assert.Equal(24, await h.HandleAsync(persons));
        await AssertEqualsRecomputationAsync(s, persons);

        // Round two: every third person changes (another district, another coverage status, a death for some); the
        // page also carries replays of unchanged persons.
        var next = persons.Select((p, k) => (k + 1) % 3 != 0 ? p
            : new StoredPerson(ChangeFeedConsumerContract.Rich(k + 1, "h2", coverage: CoverageStatus.NotEnrolled, district: "630199"),
                new PersonDynamics { SurveyNeeded = true, SurveyReason = "moved_in", DeathDate = (k + 1) % 6 == 0 ? new DateOnly(2026, 11, 20) : null },
                "v2:" + (k + 1))).ToList();
        foreach (var h in handlers) Assert.Equal(8, await h.HandleAsync(next));
        foreach (var h in handlers) Assert.Equal(0, await h.HandleAsync(next));
        await AssertEqualsRecomputationAsync(s, next);
        Assert.Contains(await s.ReadDistrictStatisticsAsync(), c => c == new DistrictCount("630199", "coverage", "not_enrolled", 8));
    }

    private static PersonDynamics Dynamics(int i) => i % 5 == 0 ? new PersonDynamics { SurveyNeeded = true, SurveyReason = "newborn" } : new PersonDynamics();

    internal static async Task AssertEqualsRecomputationAsync(IDerivedDataStore s, List<StoredPerson> persons)
    {
        var expected = persons.Select(DerivedProjections.Statistics)
            .SelectMany(c => c.PayingInsurances.Select(k => (c.DistrictCode, Dim: "insurance", Key: k)).Append((c.DistrictCode, Dim: "coverage", Key: c.Coverage)))
            .GroupBy(x => x).Select(g => new DistrictCount(g.Key.DistrictCode, g.Key.Dim, g.Key.Key, g.Count()))
            .OrderBy(c => c.DistrictCode, StringComparer.Ordinal).ThenBy(c => c.Dimension, StringComparer.Ordinal).ThenBy(c => c.Key, StringComparer.Ordinal);
        Assert.Equal(expected, await s.ReadDistrictStatisticsAsync());
        var survey = persons.Select(DerivedProjections.Survey).OfType<SurveyWorkItem>()
            .OrderBy(w => w.TownshipCode, StringComparer.Ordinal).ThenBy(w => w.PersonId, StringComparer.Ordinal).ToList();
        Assert.NotEmpty(survey);
        Assert.Equal(survey, await s.ReadSurveyWorkListAsync());
        var lists = persons.SelectMany(DerivedProjections.DepartmentEntries).OrderBy(e => e.Department, StringComparer.Ordinal)
            .ThenBy(e => e.FeedId, StringComparer.Ordinal).ThenBy(e => e.PersonId, StringComparer.Ordinal).ThenBy(e => e.Finding, StringComparer.Ordinal).ToList();
        Assert.NotEmpty(lists);
        Assert.Equal(lists, await s.ReadDepartmentListsAsync());
    }
}

/// <summary>The derived-data contract on SQLite (a temp file per test), always.</summary>
public sealed class SqliteDerivedDataStoreTests : DerivedDataStoreContract, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("canbao-derived-").FullName;
    protected override string? Unavailable => null;
    protected override IDerivedDataStore CreateStore() => new SqliteDerivedDataStore(Path.Combine(_dir, "derived.db"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}

/// <summary>The derived-data contract on @vercel/cosmosdb-server (CI): it needs only point operations and
/// single-partition queries. One fresh database per test.</summary>
public sealed class CosmosStandInDerivedDataStoreTests(CosmosStandIn server) : DerivedDataStoreContract, IClassFixture<CosmosStandIn>
{
    protected override string? Unavailable => server.Unavailable;

    protected override IDerivedDataStore CreateStore()
    {
        var store = new CosmosDerivedDataStore(server.CreateClient(),
            new CosmosStoreOptions { Database = "t" + Guid.NewGuid().ToString("N"), MissingItemMayAnswer500 = true });
        store.EnsureCreatedAsync().GetAwaiter().GetResult();
        return store;
    }
}

/// <summary>The derived-data contract on a real Cosmos DB account or emulator named by CANBAO_COSMOS_CONNECTION
/// (skipped when unset). Each test uses a fresh database, deleted afterwards.</summary>
public sealed class CosmosDerivedDataStoreTests : DerivedDataStoreContract, IDisposable
{
    private static readonly string? Connection = Environment.GetEnvironmentVariable("CANBAO_COSMOS_CONNECTION");
    private CosmosDerivedDataStore? _cosmos;
    private string? _database;

    protected override string? Unavailable => string.IsNullOrWhiteSpace(Connection)
        ? "CANBAO_COSMOS_CONNECTION is not set: no real Cosmos DB endpoint to run the derived-data contract against" : null;

    protected override IDerivedDataStore CreateStore()
    {
        _database = "t" + Guid.NewGuid().ToString("N");
        _cosmos = new CosmosDerivedDataStore(CosmosPersonStore.CreateClient(Connection!, bulk: false), new CosmosStoreOptions { Database = _database });
        _cosmos.EnsureCreatedAsync().GetAwaiter().GetResult();
        return _cosmos;
    }

    public void Dispose()
    {
        if (_cosmos is null) return;
        _cosmos.Client.GetDatabase(_database).DeleteAsync().GetAwaiter().GetResult();
        _cosmos.Client.Dispose();
    }
}
