using Canbao.Domain.Changes;
using Canbao.Domain.Persons;
using Canbao.Store.ChangeFeed;
using Canbao.Store.Cosmos;
using Canbao.Store.Sqlite;
using static Canbao.Store.Tests.TestData;

namespace Canbao.Store.Tests;

/// <summary>
/// The change-feed consumer against a store's feed: checkpoint and restart after a crash mid-page (nothing missed,
/// nothing counted twice: the derived data equal a from-scratch recomputation), parking, and later changes (death,
/// lapse, move) flowing through. The derived data and the checkpoint live in a SQLite file in every variant.
/// </summary>
public abstract class ChangeFeedConsumerContract : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("canbao-feed-").FullName;
    private IPersonStore? _store;

    /// <summary>Why the target cannot run (null = it can).</summary>
    protected abstract string? Unavailable { get; }
    protected abstract IPersonStore CreateStore();

    protected string DerivedPath => Path.Combine(_dir, "derived.db");

    protected IPersonStore Store
    {
        get
        {
            Skip.If(Unavailable is not null, Unavailable);
            return _store ??= CreateStore();
        }
    }

    /// <summary>Skips when the target's change feed cannot resume from a continuation (the Cosmos stand-in).</summary>
    protected virtual Task RequireChangeFeedAsync() => Task.CompletedTask;

    private static readonly CoverageStatus[] Statuses = Enum.GetValues<CoverageStatus>();
    private static readonly string[] InsuranceKeys = ["employee_pension", "employee_medical", "resident_pension", "resident_medical", "land_expropriated_pension"];

    /// <summary>A varied person: district, coverage, paying enrollments, a survey state, a decided name conflict.</summary>
    internal static PersonRecord Rich(int i, string hash = "h1", CoverageStatus? coverage = null, string? district = null)
    {
        var p = Person(Id(i), district ?? "6301" + (02 + i % 4).ToString("D2", System.Globalization.CultureInfo.InvariantCulture),
            coverage ?? Statuses[i % Statuses.Length], hash + ":" + i, "630102" + (i % 5).ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
        p.Name = "张" + i;
        for (var k = 0; k < i % 3; k++)
            p.Enrollments.Add(new PersonEnrollment(InsuranceKeys[(i + k) % 5], k == 1 && i % 7 == 0 ? "suspended" : "paying", "630100", "enrollment"));
        if (i % 2 == 0) p.Survey = new SurveyState("to_survey", PersonJson.CoverageKey(p.Coverage), p.TownshipCode);
        if (i % 6 == 0) p.Conflicts.Add(new FieldConflict("name", [$"household_registry={p.Name}", $"tax+construction_workers=张{i}x"], p.Name, "precedence:household_registry"));
        return p;
    }

    private ChangeFeedConsumer Consumer(IDerivedDataStore derived, IParkedChanges parked, int pageSize = 40, IReadOnlyList<IChangeHandler>? handlers = null)
        => new(Store, new SqliteChangeFeedCheckpoint(DerivedPath), parked, handlers ?? DerivedDataHandlers.All(derived),
            new ChangeFeedConsumerOptions { PageSize = pageSize, RetryDelay = TimeSpan.Zero });

    /// <summary>Every stored person's latest version, read back by point reads.</summary>
    private async Task<List<StoredPerson>> AllAsync(IEnumerable<int> ids)
    {
        var list = new List<StoredPerson>();
        foreach (var i in ids) list.Add((await Store.ReadAsync(Id(i)))!);
        return list;
    }

    /// <summary>District statistics recomputed from scratch from the persons, as the store reports them.</summary>
    private static List<DistrictCount> Recompute(IEnumerable<StoredPerson> persons) =>
        persons.Select(DerivedProjections.Statistics)
            .SelectMany(s => s.PayingInsurances.Select(k => (s.DistrictCode, Dim: "insurance", Key: k)).Append((s.DistrictCode, Dim: "coverage", Key: s.Coverage)))
            .GroupBy(x => x).Select(g => new DistrictCount(g.Key.DistrictCode, g.Key.Dim, g.Key.Key, g.Count()))
            .OrderBy(c => c.DistrictCode, StringComparer.Ordinal).ThenBy(c => c.Dimension, StringComparer.Ordinal).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();

    private static async Task AssertDerivedMatchAsync(SqliteDerivedDataStore derived, List<StoredPerson> persons)
    {
        Assert.Equal(Recompute(persons), await derived.ReadDistrictStatisticsAsync());
        Assert.Equal(persons.Select(DerivedProjections.Survey).OfType<SurveyWorkItem>().OrderBy(w => w.TownshipCode, StringComparer.Ordinal).ThenBy(w => w.PersonId, StringComparer.Ordinal),
            await derived.ReadSurveyWorkListAsync());
        Assert.Equal(persons.SelectMany(DerivedProjections.DepartmentEntries).OrderBy(e => e.Department, StringComparer.Ordinal).ThenBy(e => e.FeedId, StringComparer.Ordinal)
            .ThenBy(e => e.PersonId, StringComparer.Ordinal).ThenBy(e => e.Finding, StringComparer.Ordinal), await derived.ReadDepartmentListsAsync());
    }

    [SkippableFact]
    public async Task One_page_catch_up_builds_the_derived_data_and_a_second_finds_nothing_new()
    {
        var ids = Enumerable.Range(1, 60).ToList();
        await Store.WriteChangedAsync(ids.Select(i => Rich(i)).ToList());
        var derived = new SqliteDerivedDataStore(DerivedPath);
        var first = await Consumer(derived, derived, pageSize: 100).CatchUpAsync();
        Assert.Equal((60, 180, 0, 0, 1), (first.Changes, first.Applied, first.Skipped, first.Parked, first.Pages));
        await AssertDerivedMatchAsync(derived, await AllAsync(ids));
        Assert.NotEmpty(await derived.ReadSurveyWorkListAsync());
        Assert.Equal(10, (await derived.ReadDepartmentListsAsync()).Count(e => e.FeedId == "tax")); // i % 6 == 0: a name the household registry overruled
        var second = await Consumer(derived, derived, pageSize: 100).CatchUpAsync();
        Assert.Equal(0, second.Changes);
    }

    [SkippableFact]
    public async Task Restart_after_a_crash_mid_page_misses_nothing_and_counts_nothing_twice()
    {
        await RequireChangeFeedAsync();
        var ids = Enumerable.Range(1, 200).ToList();
        await Store.WriteChangedAsync(ids.Select(i => Rich(i)).ToList());
        // 30 persons rewritten: their latest version moves to the end of the feed.
        await Store.WriteChangedAsync(ids.Where(i => i % 7 == 3).Select(i => Rich(i, "h2", CoverageStatus.Lapsed)).ToList());

        var derived = new SqliteDerivedDataStore(DerivedPath);
        // The derived store goes down after 100 statistics items: page 3 (items 81–120) applies 20, then every call fails,
        // parking included — the process "crashes" with the checkpoint after page 2.
        var flaky = new FlakyDerivedData(derived, statisticsBudget: 100);
        await Assert.ThrowsAsync<IOException>(() => Consumer(flaky, flaky).CatchUpAsync());
        var afterCrash = await new SqliteChangeFeedCheckpoint(DerivedPath).ReadAsync("derived-data");
        Assert.NotNull(afterCrash.Continuation);
        Assert.NotEqual(Recompute(await AllAsync(ids)), await derived.ReadDistrictStatisticsAsync());

        // More changes arrive while the consumer is down.
        await Store.WriteChangedAsync([Rich(5, "h3", CoverageStatus.FullyEnrolled, "630199"), Rich(201), Rich(202)]);
        ids.AddRange([201, 202]);

        var result = await Consumer(derived, derived).CatchUpAsync();
        Assert.False(result.LostCheckpointRace);
        Assert.Equal(0, result.Parked);
        // Re-read from the checkpoint: the 20 statistics items of the crashed page are skipped (already applied), nothing else.
        Assert.Equal(20, result.Skipped);
        Assert.Equal(result.Changes * 3 - 20, result.Applied);
        Assert.Equal(200 - 80 + 3, result.Changes); // person 5 was before the checkpoint; its new version is after it
        await AssertDerivedMatchAsync(derived, await AllAsync(ids));
        Assert.Empty(await derived.ReadParkedAsync());

        // Caught up: a second run reads nothing and keeps the checkpoint.
        var again = await Consumer(derived, derived).CatchUpAsync();
        Assert.Equal(0, again.Changes);
        Assert.Equal(result.Checkpoint, again.Checkpoint);
        Assert.Equal([new DistrictCount("630199", "coverage", "fully_enrolled", 1), new DistrictCount("630199", "insurance", "employee_medical", 1),
            new DistrictCount("630199", "insurance", "employee_pension", 1)], (await derived.ReadDistrictStatisticsAsync()).Where(c => c.DistrictCode == "630199"));
    }

    [SkippableFact]
    public async Task Change_events_move_persons_on_and_off_the_survey_list()
    {
        await RequireChangeFeedAsync();
        var covered = Rich(10, coverage: CoverageStatus.FullyEnrolled);
        covered.Survey = null;
        covered.Enrollments = [new PersonEnrollment("resident_medical", "paying", "630100", "enrollment")];
        var uncovered = Rich(12, coverage: CoverageStatus.NotEnrolled);
        await Store.WriteChangedAsync([covered, uncovered]);
        var derived = new SqliteDerivedDataStore(DerivedPath);
        await Consumer(derived, derived).CatchUpAsync();
        Assert.Equal([Id(12)], (await derived.ReadSurveyWorkListAsync()).Select(w => w.PersonId));

        // The covered person's only insurance is suspended (lapsed → on the list); the uncovered one dies (off the list).
        await new ChangeEventProcessor(Store).ApplyAsync([
            Event(ChangeEventKind.EnrollmentStatusChange, Id(10), "2026-11-05", "enrollment", insurance: Domain.Standard.InsuranceType.ResidentMedical,
                status: Domain.Standard.EnrollmentStatus.Suspended),
            Event(ChangeEventKind.Death, Id(12), "2026-11-06", "deaths")]);
        var r = await Consumer(derived, derived).CatchUpAsync();
        Assert.Equal(2, r.Changes);
        var list = await derived.ReadSurveyWorkListAsync();
        Assert.Equal([Id(10)], list.Select(w => w.PersonId));
        Assert.Equal(CoverageStatus.Lapsed, (await Store.ReadAsync(Id(10)))!.Person.Coverage);
        await AssertDerivedMatchAsync(derived, await AllAsync([10, 12]));
        Assert.Contains(await derived.ReadDistrictStatisticsAsync(), c => c.DistrictCode == uncovered.DistrictCode && c.Key == "out_of_scope" && c.Persons == 1);
    }

    [SkippableFact]
    public async Task A_change_that_keeps_failing_is_parked_and_the_consumer_moves_on()
    {
        await RequireChangeFeedAsync();
        await Store.WriteChangedAsync(Enumerable.Range(1, 30).Select(i => Rich(i)).ToList());
        var derived = new SqliteDerivedDataStore(DerivedPath);
        var handlers = DerivedDataHandlers.All(derived).Select(h => h.Name == "survey_work_list" ? new PoisonHandler(h, Id(16)) : h).ToList();
        var result = await Consumer(derived, derived, pageSize: 10, handlers).CatchUpAsync();
        Assert.Equal(30, result.Changes);
        Assert.Equal(1, result.Parked);
        Assert.Equal(89, result.Applied);
        var parked = Assert.Single(await derived.ReadParkedAsync());
        Assert.Equal(("derived-data", "survey_work_list", Id(16), 3), (parked.Consumer, parked.Handler, parked.PersonId, parked.Attempts));
        Assert.Equal((await Store.ReadAsync(Id(16)))!.ETag, parked.ETag);
        Assert.Contains("InvalidOperationException: poisoned", parked.Error, StringComparison.Ordinal);
        // The checkpoint moved past it: nothing is re-read; the other handlers applied person 16.
        Assert.Equal(0, (await Consumer(derived, derived).CatchUpAsync()).Changes);
        Assert.Equal(Recompute(await AllAsync(Enumerable.Range(1, 30))), await derived.ReadDistrictStatisticsAsync());
        Assert.DoesNotContain(await derived.ReadSurveyWorkListAsync(), w => w.PersonId == Id(16));
        // On the list by the rule: even i with coverage not / partly enrolled, lapsed or needs verification — 2, 10, 12, 16, 20, 28, 30 — less the parked 16.
        Assert.Equal([2, 10, 12, 20, 28, 30], (await derived.ReadSurveyWorkListAsync()).Select(w => int.Parse(w.PersonId[10..], System.Globalization.CultureInfo.InvariantCulture)).Order());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>A derived store that applies the first <c>statisticsBudget</c> statistics items and then fails every call.</summary>
    private sealed class FlakyDerivedData(SqliteDerivedDataStore inner, int statisticsBudget) : IDerivedDataStore, IParkedChanges
    {
        private int _left = statisticsBudget;
        private bool Down => _left <= 0;

        public async Task<int> ApplyStatisticsAsync(IReadOnlyList<Derived<StatisticsContribution>> items, CancellationToken ct = default)
        {
            if (Down) throw new IOException("derived store down");
            var take = Math.Min(_left, items.Count);
            var applied = await inner.ApplyStatisticsAsync([.. items.Take(take)], ct);
            _left -= take;
            if (take < items.Count) throw new IOException("derived store down");
            return applied;
        }

        public Task<int> ApplySurveyAsync(IReadOnlyList<Derived<SurveyWorkItem?>> items, CancellationToken ct = default)
            => Down ? throw new IOException("derived store down") : inner.ApplySurveyAsync(items, ct);
        public Task<int> ApplyDepartmentListsAsync(IReadOnlyList<Derived<IReadOnlyList<DepartmentListEntry>>> items, CancellationToken ct = default)
            => Down ? throw new IOException("derived store down") : inner.ApplyDepartmentListsAsync(items, ct);
        public Task ParkAsync(ParkedChange parked, CancellationToken ct = default)
            => Down ? throw new IOException("derived store down") : inner.ParkAsync(parked, ct);
        public Task<IReadOnlyList<DistrictCount>> ReadDistrictStatisticsAsync(CancellationToken ct = default) => inner.ReadDistrictStatisticsAsync(ct);
        public Task<IReadOnlyList<SurveyWorkItem>> ReadSurveyWorkListAsync(CancellationToken ct = default) => inner.ReadSurveyWorkListAsync(ct);
        public Task<IReadOnlyList<DepartmentListEntry>> ReadDepartmentListsAsync(CancellationToken ct = default) => inner.ReadDepartmentListsAsync(ct);
        public Task<IReadOnlyList<ParkedChange>> ReadParkedAsync(CancellationToken ct = default) => inner.ReadParkedAsync(ct);
    }

    /// <summary>A handler that always fails for one person (a poison change) and delegates the rest.</summary>
    private sealed class PoisonHandler(IChangeHandler inner, string poisonId) : IChangeHandler
    {
        public string Name => inner.Name;
        public Task<int> HandleAsync(IReadOnlyList<StoredPerson> changes, CancellationToken ct = default)
            => changes.Any(c => c.Person.Id == poisonId) ? throw new InvalidOperationException("poisoned") : inner.HandleAsync(changes, ct);
    }
}

/// <summary>The consumer on the SQLite change log: always runs.</summary>
public sealed class SqliteChangeFeedConsumerTests : ChangeFeedConsumerContract
{
    protected override string? Unavailable => null;
    protected override IPersonStore CreateStore() => new SqlitePersonStore(DerivedPath);

    [Fact]
    public async Task Checkpoint_writes_are_etag_guarded()
    {
        var cp = new SqliteChangeFeedCheckpoint(DerivedPath);
        Assert.Equal(new CheckpointState(null, null), await cp.ReadAsync("x"));
        var first = await cp.WriteAsync("x", "10", null);
        Assert.NotNull(first);
        Assert.Null(await cp.WriteAsync("x", "11", null));       // someone created it already
        var second = await cp.WriteAsync("x", "20", first);
        Assert.NotNull(second);
        Assert.Null(await cp.WriteAsync("x", "15", first));      // stale ETag: cannot move it backwards
        Assert.Equal(new CheckpointState("20", second), await cp.ReadAsync("x"));
    }
}

/// <summary>
/// The consumer on Cosmos DB's change feed (pull model). On @vercel/cosmosdb-server only the one-page catch-up runs (it
/// serves the first page of the feed, then 304 forever); the whole class runs on a real account or emulator named by
/// CANBAO_COSMOS_CONNECTION.
/// </summary>
public sealed class CosmosChangeFeedConsumerTests(CosmosStandIn server) : ChangeFeedConsumerContract, IClassFixture<CosmosStandIn>
{
    private static readonly string? Connection = Environment.GetEnvironmentVariable("CANBAO_COSMOS_CONNECTION");
    protected override string? Unavailable => string.IsNullOrWhiteSpace(Connection) ? server.Unavailable : null;

    protected override IPersonStore CreateStore()
    {
        var client = string.IsNullOrWhiteSpace(Connection) ? server.CreateClient() : CosmosPersonStore.CreateClient(Connection, bulk: true);
        var store = new CosmosPersonStore(client, new CosmosStoreOptions
        {
            Database = "t" + Guid.NewGuid().ToString("N"), MissingItemMayAnswer500 = string.IsNullOrWhiteSpace(Connection),
        });
        store.EnsureCreatedAsync().GetAwaiter().GetResult();
        return store;
    }

    /// <summary>@vercel/cosmosdb-server answers a change-feed read with the first page of the documents and every later
    /// read with 304 Not Modified (it sets ETag "1" and honours no continuation), so only a one-page catch-up runs on it.</summary>
    protected override Task RequireChangeFeedAsync()
    {
        Skip.If(string.IsNullOrWhiteSpace(Connection),
            "@vercel/cosmosdb-server serves only the first page of the change feed (304 ever after, no continuation); runs with CANBAO_COSMOS_CONNECTION");
        return Task.CompletedTask;
    }
}

/// <summary>A store file written before the feed moved to the <c>last_seq</c> index (a <c>change_log</c> table fed by
/// triggers) opens, keeps its feed order and continuation, and loses the triggers and the table.</summary>
public sealed class SqliteOlderFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("canbao-old-").FullName;

    [Fact]
    public async Task A_file_with_the_old_change_log_keeps_its_feed()
    {
        var path = Path.Combine(_dir, "old.db");
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + path + ";Pooling=false"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = """
                PRAGMA journal_mode=WAL;
                CREATE TABLE persons(id TEXT PRIMARY KEY, district TEXT NOT NULL, township TEXT NOT NULL, coverage TEXT NOT NULL,
                  content_hash TEXT NOT NULL, version INTEGER NOT NULL, last_seq INTEGER NOT NULL, json BLOB NOT NULL, dynamics BLOB);
                CREATE TABLE change_log(seq INTEGER PRIMARY KEY, person_id TEXT NOT NULL);
                CREATE TRIGGER persons_logged_insert AFTER INSERT ON persons BEGIN INSERT INTO change_log(seq, person_id) VALUES (NEW.last_seq, NEW.id); END;
                CREATE TRIGGER persons_logged_update AFTER UPDATE OF last_seq ON persons BEGIN INSERT INTO change_log(seq, person_id) VALUES (NEW.last_seq, NEW.id); END;
                INSERT INTO persons VALUES ('630102199000000001', '630102', '', 'not_enrolled', 'a', 1, 1, CAST('{"id":"630102199000000001","district_code":"630102"}' AS BLOB), NULL);
                INSERT INTO persons VALUES ('630102199000000002', '630102', '', 'not_enrolled', 'b', 1, 2, CAST('{"id":"630102199000000002","district_code":"630102"}' AS BLOB), NULL);
                UPDATE persons SET last_seq = 3, version = 2 WHERE id = '630102199000000001';
                """;
            cmd.ExecuteNonQuery();
        }
        var store = new SqlitePersonStore(path);
        var page = await store.ReadChangesAsync("1", 10);
        Assert.Equal(["630102199000000002", "630102199000000001"], page.Changes.Select(x => x.Person.Id));
        Assert.Equal("3", page.Continuation);
        await store.WriteChangedAsync([Person("630102199000000003")]);
        var next = await store.ReadChangesAsync("3", 10);
        Assert.Equal(("630102199000000003", "4"), (Assert.Single(next.Changes).Person.Id, next.Continuation));
        using var check = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + path + ";Pooling=false");
        check.Open();
        using var q = check.CreateCommand();
        q.CommandText = "SELECT count(*) FROM sqlite_master WHERE name IN ('change_log', 'persons_logged_insert', 'persons_logged_update')";
        Assert.Equal(0L, q.ExecuteScalar());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
