using System.Text.Json;
using Canbao.Domain.Changes;
using Canbao.Domain.Persons;
using Canbao.Domain.Standard;
using static Canbao.Store.Tests.TestData;

namespace Canbao.Store.Tests;

/// <summary>
/// The IPersonStore contract, run against every implementation. A target that cannot run a test (no store configured,
/// or a stand-in without a feature) skips it with the reason.
/// </summary>
public abstract class PersonStoreContract
{
    private IPersonStore? _store;

    /// <summary>Why the whole target is unavailable (null = available).</summary>
    protected abstract string? Unavailable { get; }
    /// <summary>Why the target has no change feed (null = it has one).</summary>
    protected virtual string? NoChangeFeed => null;
    protected abstract IPersonStore CreateStore();
    /// <summary>Brings derived views (the Cosmos district view) up to date after writes of <paramref name="ids"/>.</summary>
    protected virtual Task SyncViewsAsync(IEnumerable<string> ids) => Task.CompletedTask;

    protected IPersonStore Store
    {
        get
        {
            Skip.If(Unavailable is not null, Unavailable);
            return _store ??= CreateStore();
        }
    }

    [SkippableFact]
    public async Task Read_of_a_missing_person_is_null()
        => Assert.Null(await Store.ReadAsync(Id(999)));

    [SkippableFact]
    public async Task Create_then_read_round_trips_record_and_dynamics()
    {
        var d = new PersonDynamics { HukouAddress = "西宁市城东区1号", SurveyNeeded = true, SurveyReason = "lapsed" };
        var etag = await Store.CreateAsync(Person(Id(1), coverage: CoverageStatus.Lapsed, hash: "abc"), d);
        var got = await Store.ReadAsync(Id(1));
        Assert.NotNull(got);
        Assert.Equal(etag, got.ETag);
        Assert.Equal(("630102", "630102001", CoverageStatus.Lapsed, "abc"),
            (got.Person.DistrictCode, got.Person.TownshipCode, got.Person.Coverage, got.Person.ContentHash));
        Assert.Equal("西宁市城东区1号", got.Dynamics.HukouAddress);
        Assert.Equal("lapsed", got.Dynamics.SurveyReason);
        await Assert.ThrowsAsync<PersonAlreadyExistsException>(() => Store.CreateAsync(Person(Id(1)), new PersonDynamics()));
    }

    /// <summary>Case 20, expected 4: the target must enforce If-Match — verified before any concurrency test relies on it.</summary>
    [SkippableFact]
    public async Task Replace_with_a_stale_etag_is_a_412_conflict()
    {
        var first = await Store.CreateAsync(Person(Id(2)), new PersonDynamics());
        var second = await Store.ReplaceAsync(Person(Id(2), hash: "h2"), new PersonDynamics(), first);
        Assert.NotEqual(first, second);
        var ex = await Assert.ThrowsAsync<ETagConflictException>(() => Store.ReplaceAsync(Person(Id(2), hash: "h3"), new PersonDynamics(), first));
        Assert.DoesNotContain(Id(2), ex.Message, StringComparison.Ordinal);
        Assert.Equal("h2", (await Store.ReadAsync(Id(2)))!.Person.ContentHash);
    }

    /// <summary>Case 20, expected 3: an update never upserts.</summary>
    [SkippableFact]
    public async Task Replace_of_a_missing_person_creates_nothing()
    {
        await Assert.ThrowsAsync<PersonNotFoundException>(() => Store.ReplaceAsync(Person(Id(3)), new PersonDynamics(), "\"1\""));
        Assert.Null(await Store.ReadAsync(Id(3)));
    }

    [SkippableFact]
    public async Task District_query_lists_the_district_and_filters_by_coverage()
    {
        var persons = new[]
        {
            Person(Id(12), "630103", CoverageStatus.NotEnrolled), Person(Id(11), "630103", CoverageStatus.Lapsed),
            Person(Id(10), "630103", CoverageStatus.NotEnrolled), Person(Id(13), "630104", CoverageStatus.NotEnrolled),
        };
        foreach (var p in persons) await Store.CreateAsync(p, new PersonDynamics());
        await SyncViewsAsync(persons.Select(p => p.Id));
        var all = (await Store.QueryDistrictAsync("630103").Select(p => p.Id).ToListAsync()).Order(StringComparer.Ordinal);
        Assert.Equal([Id(10), Id(11), Id(12)], all);
        var notEnrolled = (await Store.QueryDistrictAsync("630103", CoverageStatus.NotEnrolled).Select(p => p.Id).ToListAsync()).Order(StringComparer.Ordinal);
        Assert.Equal([Id(10), Id(12)], notEnrolled);
    }

    [SkippableFact]
    public async Task Event_log_is_idempotent_by_event_id()
    {
        var e = new EventLogEntry(Id(20), "e1", ChangeEventKind.Death, new DateOnly(2026, 11, 20), "civil_affairs", ChangeOutcome.Applied, DateTimeOffset.UtcNow);
        Assert.True(await Store.LogEventAsync(e));
        Assert.False(await Store.LogEventAsync(e with { AppliedAt = DateTimeOffset.UtcNow.AddMinutes(1) }));
        Assert.True(await Store.LogEventAsync(e with { EventId = "e2", Kind = ChangeEventKind.MigrationIn }));
        var log = await Store.ReadEventLogAsync(Id(20));
        Assert.Equal(["e1", "e2"], log.Select(x => x.EventId));
        Assert.Equal(ChangeEventKind.Death, log[0].Kind);
        Assert.Empty(await Store.ReadEventLogAsync(Id(21)));
    }

    [SkippableFact]
    public async Task Bulk_write_skips_unchanged_and_keeps_dynamics()
    {
        var batch = Enumerable.Range(30, 5).Select(i => Person(Id(i), hash: "a" + i)).ToList();
        Assert.Equal((5, 0, 0), Counts(await Store.WriteChangedAsync(batch)));
        Assert.Equal((0, 5, 0), Counts(await Store.WriteChangedAsync(batch)));

        var current = (await Store.ReadAsync(Id(30)))!;
        current.Dynamics.HukouAddress = "kept";
        await Store.ReplaceAsync(current.Person, current.Dynamics, current.ETag);

        var next = batch.Select((p, i) => i < 2 ? Person(p.Id, "630105", CoverageStatus.Lapsed, "b" + i) : p).ToList();
        Assert.Equal((2, 3, 0), Counts(await Store.WriteChangedAsync(next)));
        var after = (await Store.ReadAsync(Id(30)))!;
        Assert.Equal(("630105", CoverageStatus.Lapsed, "b0"), (after.Person.DistrictCode, after.Person.Coverage, after.Person.ContentHash));
        Assert.Equal("kept", after.Dynamics.HukouAddress);
        Assert.NotEqual(current.ETag, after.ETag);
    }

    /// <summary>A round interrupted after part of its persons: the re-run writes only the rest.</summary>
    [SkippableFact]
    public async Task Rerun_after_a_partial_write_writes_only_what_is_missing()
    {
        var batch = Enumerable.Range(80, 6).Select(i => Person(Id(i), hash: "r" + i)).ToList();
        Assert.Equal((2, 0, 0), Counts(await Store.WriteChangedAsync(batch.Take(2).ToList())));
        Assert.Equal((4, 2, 0), Counts(await Store.WriteChangedAsync(batch)));
        foreach (var p in batch) Assert.Equal(p.ContentHash, (await Store.ReadAsync(p.Id))!.Person.ContentHash);
    }

    [SkippableFact]
    public async Task District_query_follows_a_person_who_moved()
    {
        await Store.CreateAsync(Person(Id(90), "630121"), new PersonDynamics());
        await SyncViewsAsync([Id(90)]);
        var current = (await Store.ReadAsync(Id(90)))!;
        current.Person.DistrictCode = "630122";
        await Store.ReplaceAsync(current.Person, current.Dynamics, current.ETag);
        await SyncViewsAsync([Id(90)]);
        Assert.Empty(await Store.QueryDistrictAsync("630121").ToListAsync());
        Assert.Equal([Id(90)], await Store.QueryDistrictAsync("630122").Select(p => p.Id).ToListAsync());
    }

    private static (int, int, int) Counts(BulkWriteResult r) => (r.Written, r.Unchanged, r.Failed);

    [SkippableFact]
    public async Task Change_feed_is_ordered_resumable_and_holds_the_latest_version()
    {
        Skip.If(NoChangeFeed is not null && Unavailable is null, NoChangeFeed);
        var s = Store;
        var start = (await ReadAll(s, null)).Continuation;
        await s.WriteChangedAsync([Person(Id(40), hash: "x"), Person(Id(41), hash: "x"), Person(Id(42), hash: "x")]);
        var page1 = await s.ReadChangesAsync(start, 2);
        Assert.Equal([Id(40), Id(41)], page1.Changes.Select(c => c.Person.Id));
        var page2 = await ReadAll(s, page1.Continuation);
        Assert.Equal([Id(42)], page2.Changes.Select(c => c.Person.Id));

        await s.WriteChangedAsync([Person(Id(40), hash: "y"), Person(Id(41), hash: "x")]);
        var page3 = await ReadAll(s, page2.Continuation);
        var only = Assert.Single(page3.Changes);
        Assert.Equal((Id(40), "y"), (only.Person.Id, only.Person.ContentHash));
        Assert.Empty((await s.ReadChangesAsync(page3.Continuation, 10)).Changes);
    }

    private static async Task<ChangeFeedPage> ReadAll(IPersonStore s, string? from)
    {
        var list = new List<StoredPerson>();
        while (true)
        {
            var page = await s.ReadChangesAsync(from, 100);
            list.AddRange(page.Changes);
            if (page.Changes.Count == 0) return new ChangeFeedPage(list, page.Continuation);
            from = page.Continuation;
        }
    }

    // ---- change events through the store ----

    private static (PersonRecord Master, ChangeEvent Death, ChangeEvent Migration) Case20()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Cases", "20-etag-lost-update.input.json")));
        var master = doc.RootElement.GetProperty("master");
        var id = master.GetProperty("pk").GetString()!;
        var reports = doc.RootElement.GetProperty("reports");
        var death = Event(ChangeEventKind.Death, id, reports[0].GetProperty("deathDate").GetString()!, "civil_affairs");
        var migration = Event(ChangeEventKind.MigrationIn, id, reports[1].GetProperty("effectiveDate").GetString()!,
            hukou: reports[1].GetProperty("newHukouAddress").GetString());
        Assert.Equal("参保缴费", master.GetProperty("status").GetString());
        return (Person(id), death, migration);
    }

    /// <summary>Case 20: two workers race on one master person; the gate makes the second writer's first replace stale.</summary>
    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Case20_concurrent_death_and_migration_lose_nothing(bool deathWritesFirst)
    {
        var (master, death, migration) = Case20();
        var seeded = new PersonDynamics
        {
            Enrollments = [new EnrollmentFact { Insurance = InsuranceType.EmployeePension, Status = EnrollmentStatus.Paying }],
        };
        await Store.CreateAsync(master, seeded);

        var (first, second) = deathWritesFirst ? (death, migration) : (migration, death);
        var gated = new RaceGate(Store, firstWriterEventId: first.Id, secondWriterEventId: second.Id);
        var processor = new ChangeEventProcessor(gated);
        var lines = await Task.WhenAll(
            Task.Run(() => { RaceGate.Worker.Value = second.Id; return processor.ApplyOneAsync(second); }),
            Task.Run(() => { RaceGate.Worker.Value = first.Id; return processor.ApplyOneAsync(first); }));

        var byEvent = lines.ToDictionary(l => l.EventId);
        Assert.Equal(0, byEvent[first.Id].Conflicts);
        Assert.True(byEvent[second.Id].Conflicts >= 1);
        Assert.All(lines, l => Assert.Equal(ChangeOutcome.Applied, l.Outcome));

        var stored = (await Store.ReadAsync(master.Id))!;
        Assert.Equal(new DateOnly(2026, 11, 20), stored.Dynamics.DeathDate);
        Assert.Equal("孝感市孝南区迁入路26号", stored.Dynamics.HukouAddress);
        Assert.Equal(EnrollmentStatus.Terminated, Assert.Single(stored.Dynamics.Enrollments).Status); // 终止参保
        Assert.Equal(CoverageStatus.OutOfScope, stored.Person.Coverage);
        Assert.Equal([first.Id, second.Id], stored.Dynamics.AppliedEventIds);
        Assert.Equal(2, (await Store.ReadEventLogAsync(master.Id)).Count);
    }

    /// <summary>Case 20, expected 3: a report for an unknown person creates nothing and is parked.</summary>
    [SkippableFact]
    public async Task Report_for_an_unknown_person_is_parked_and_creates_nothing()
    {
        var e = Event(ChangeEventKind.MigrationIn, Id(50), "2026-11-10", hukou: "孝感市孝南区迁入路26号");
        var report = await new ChangeEventProcessor(Store).ApplyAsync([e]);
        var line = Assert.Single(report.Lines);
        Assert.Equal((ChangeOutcome.Parked, "no master record"), (line.Outcome, line.Reason));
        Assert.Equal(1, report.Parked);
        Assert.Null(await Store.ReadAsync(Id(50)));
        Assert.Empty(await Store.ReadEventLogAsync(Id(50)));
    }

    [SkippableFact]
    public async Task Applying_a_batch_twice_changes_nothing_the_second_time()
    {
        await Store.CreateAsync(Person(Id(60), coverage: CoverageStatus.FullyEnrolled), new PersonDynamics());
        var events = new[]
        {
            Event(ChangeEventKind.EnrollmentStatusChange, Id(60), "2026-10-01", "social_insurance", insurance: InsuranceType.ResidentMedical, status: EnrollmentStatus.Suspended),
            Event(ChangeEventKind.Birth, Id(61), "2026-11-02", "health", district: "630102", township: "630102002"),
            Event(ChangeEventKind.Death, Id(62), "2026-11-03", "civil_affairs"),
        };
        var processor = new ChangeEventProcessor(Store);
        var first = await processor.ApplyAsync(events);
        Assert.Equal((2, 0, 1), (first.Applied, first.Skipped, first.Parked));
        var lapsed = first.Lines.Single(l => l.PersonId == Id(60));
        Assert.True(lapsed.SurveyNeeded);
        var before = (await Store.ReadAsync(Id(60)))!;
        Assert.Equal(CoverageStatus.Lapsed, before.Person.Coverage);
        Assert.Equal(ChangeOutcome.Created, first.Lines.Single(l => l.PersonId == Id(61)).Outcome);

        var again = await processor.ApplyAsync(events);
        Assert.Equal((0, 2, 1), (again.Applied, again.Skipped, again.Parked));
        Assert.All(again.Lines.Where(l => l.Outcome != ChangeOutcome.Parked), l => Assert.Equal(ChangeOutcome.AlreadyApplied, l.Outcome));
        Assert.Equal(before.ETag, (await Store.ReadAsync(Id(60)))!.ETag);
        Assert.Single(await Store.ReadEventLogAsync(Id(60)));
    }

    [SkippableFact]
    public async Task Endless_conflicts_are_dead_lettered_after_bounded_attempts()
    {
        await Store.CreateAsync(Person(Id(70)), new PersonDynamics());
        var always412 = new RaceGate(Store, alwaysConflict: true);
        var line = await new ChangeEventProcessor(always412, maxAttempts: 4).ApplyOneAsync(Event(ChangeEventKind.PrisonEntry, Id(70), "2026-11-01", "justice"));
        Assert.Equal(ChangeOutcome.Parked, line.Outcome);
        Assert.Equal(4, line.Conflicts);
        Assert.StartsWith("dead-lettered", line.Reason, StringComparison.Ordinal);
        Assert.Empty((await Store.ReadAsync(Id(70)))!.Dynamics.AppliedEventIds);
    }
}
