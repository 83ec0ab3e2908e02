using System.Text;
using Canbao.Comparison;
using Canbao.Domain.Persons;
using Canbao.Hosting;
using Canbao.Hosting.Ports;
using Canbao.Hosting.Reports;
using Canbao.Hosting.Rounds;
using Canbao.Hosting.Surveys;
using Canbao.Reports.Rosters;
using Canbao.Store;
using Canbao.Store.Sqlite;
using Canbao.Synthetic;
using Canbao.Workflows.Contracts;
using MiniExcelLibs;
using nietras.SeparatedValues;

namespace Canbao.Workflows.Tests;

/// <summary>
/// A synthetic city's drops (300 persons, seed 11) imported into a folder store and a round run by
/// <see cref="ArtifactRoundRunner"/> over SQLite — shared by the tests below, each working in its own copy.
/// </summary>
public sealed class SharedPortsCity : IDisposable
{
    public const string RoundId = "20170331-t";
    public string Drops { get; }
    private readonly string _root = Directory.CreateTempSubdirectory("canbao-shared-ports-").FullName;

    public SharedPortsCity()
    {
        var gen = Path.Combine(_root, "gen");
        CityGenerator.Generate(new GenerateOptions(300, 11, gen, Parallelism: 1));
        Drops = Path.Combine(gen, "drops");
    }

    /// <summary>A fresh data folder whose imported/ holds the city's person feeds.</summary>
    public string NewDataFolder()
    {
        var dir = Path.Combine(_root, Guid.NewGuid().ToString("N")[..8]);
        foreach (var feed in new[] { "household_registry", "enrollment", "residence_permit" })
        {
            var target = Directory.CreateDirectory(Path.Combine(dir, "imported", feed)).FullName;
            foreach (var f in Directory.EnumerateFiles(Path.Combine(Drops, feed))) File.Copy(f, Path.Combine(target, Path.GetFileName(f)));
        }
        return dir;
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}

/// <summary>Records what would be sent.</summary>
public sealed class RecordingMessages : IRosterMessages
{
    public List<RosterMessage> Sent { get; } = [];
    public Task SendAsync(RosterMessage message, CancellationToken ct = default)
    {
        lock (Sent) Sent.Add(message);
        return Task.CompletedTask;
    }
}

/// <summary>A folder store seen as remote (no local folder, as Blob Storage): every name read is recorded.</summary>
public sealed class RemoteArtifacts(string dir) : IArtifactStore
{
    private readonly FolderArtifactStore _inner = new(dir);
    public List<string> Reads { get; } = [];
    public Task<byte[]?> ReadAsync(string name, CancellationToken ct = default)
    {
        lock (Reads) Reads.Add(name);
        return _inner.ReadAsync(name, ct);
    }
    public Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken ct = default) => _inner.WriteAsync(name, content, ct);
    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken ct = default) => _inner.ListAsync(prefix, ct);
    public string? LocalFolder(string prefix) => null;
}

public sealed class SharedPortsTests(SharedPortsCity city) : IClassFixture<SharedPortsCity>
{
    private sealed class Clock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2017, 4, 20, 2, 0, 0, TimeSpan.Zero);
    }

    private static async Task<Workflows.Contracts.RoundSummary> RunRoundAsync(ArtifactRoundRunner runner, string roundId)
    {
        var plan = await runner.PlanAsync(roundId);
        var parts = new List<PartitionResult>();
        foreach (var p in plan.Partitions) parts.Add(await runner.RunPartitionAsync(new PartitionRequest(roundId, p)));
        return await runner.CompleteAsync(new RoundCompletion(roundId, parts));
    }

    /// <summary>The same round in one process (<c>canbao run</c>'s path) over the data folder's imported drops, into a
    /// reference store beside it; outputs into <paramref name="outDir"/> when set. Also the rows the readers rejected.</summary>
    private static async Task<(Canbao.Comparison.RoundSummary Summary, SqlitePersonStore Store, long ReadersRejected)> ReferenceRoundAsync(string dir, string? outDir)
    {
        var refStore = new SqlitePersonStore(Path.Combine(dir, "reference.db"));
        var account = new DropAccount();
        var date = new DateOnly(2017, 3, 31);
        var expected = await new ComparisonRound(refStore, new RoundOptions(SharedPortsCity.RoundId, date, 8))
            .RunAsync(DropSource.Read(Path.Combine(dir, "imported"), date, account), account.Rejected, outDir, account.FileErrors);
        return (expected, refStore, account.Rejected);
    }

    private static async Task<List<PersonRecord>> AllPersonsAsync(IPersonStore store, IEnumerable<string> districts)
    {
        var all = new List<PersonRecord>();
        foreach (var d in districts)
            await foreach (var p in store.QueryDistrictAsync(d)) all.Add(p);
        return all;
    }

    private static async Task<List<string>> DistrictsAsync(IArtifactStore artifacts)
    {
        var districts = new List<string>();
        using var reader = Sep.Reader().From((await artifacts.ReadAsync($"rounds/{SharedPortsCity.RoundId}/out/statistics.csv"))!);
        foreach (var row in reader) districts.Add(row["district_code"].ToString());
        return districts;
    }

    [Fact]
    public async Task The_round_over_the_folder_store_ends_with_the_persons_of_the_comparison_round_run_in_one_go_and_a_rerun_writes_nothing()
    {
        var dir = city.NewDataFolder();
        var store = new SqlitePersonStore(Path.Combine(dir, "persons.db"));
        var artifacts = new FolderArtifactStore(dir);
        var runner = new ArtifactRoundRunner(artifacts, store);

        var summary = await RunRoundAsync(runner, SharedPortsCity.RoundId);

        // The same drops through ComparisonRound.RunAsync in one go, into another store.
        var reference = Path.Combine(dir, "reference");
        var (expected, refStore, readersRejected) = await ReferenceRoundAsync(dir, reference);

        Assert.True(summary.Persons > 250, $"{summary.Persons} persons");
        Assert.Equal(expected.Persons, summary.Persons);
        Assert.Equal(expected.Persons, summary.Changed);
        Assert.Equal(expected.Coverage, summary.ByStatus);
        Assert.Equal(expected.SurveyTasks, summary.SurveyTasks);
        Assert.Equal($"rounds/{SharedPortsCity.RoundId}/summary.json", summary.OutputRef);
        // The same persons in both stores, with the same coverage and survey state.
        var districts = expected.Coverage.Count > 0 ? await DistrictsAsync(artifacts) : [];
        string Key(PersonRecord p) => $"{p.Id}|{p.Coverage}|{p.Survey?.Status}|{p.Survey?.TownshipCode}";
        var mine = (await AllPersonsAsync(store, districts)).Select(Key).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(summary.Persons, mine.Count);
        Assert.Equal((await AllPersonsAsync(refStore, districts)).Select(Key).Order(StringComparer.Ordinal), mine);
        // The outputs account for the persons: enrolled.csv holds the fully enrolled and those enrolled elsewhere.
        var enrolled = Encoding.UTF8.GetString((await artifacts.ReadAsync($"rounds/{SharedPortsCity.RoundId}/out/enrolled.csv"))!)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;
        Assert.Equal(summary.ByStatus["fully_enrolled"] + summary.ByStatus["enrolled_elsewhere"], enrolled);
        using (var latest = System.Text.Json.JsonDocument.Parse((await artifacts.ReadAsync(ArtifactRoundRunner.LatestSummary))!))
        {
            Assert.Equal(SharedPortsCity.RoundId, latest.RootElement.GetProperty("round").GetString());
            Assert.Equal(expected.RejectedRows + readersRejected, latest.RootElement.GetProperty("rejected_rows").GetInt64()); // readers' rejects are counted once the drops are read
            Assert.Equal($"rounds/{SharedPortsCity.RoundId}/out/statistics.csv", latest.RootElement.GetProperty("outputs").GetProperty("statistics").GetString());
        }

        // A second runner (a restarted host) re-running the same round on the same drops changes nothing.
        var again = await RunRoundAsync(new ArtifactRoundRunner(artifacts, store), SharedPortsCity.RoundId);
        Assert.Equal(0, again.Changed);
        Assert.Equal(summary.Persons, again.Persons);
    }

    [Fact]
    public async Task Each_partition_activity_on_another_machine_reads_only_the_plan_and_its_own_rows_and_the_round_ends_like_one_run()
    {
        var dir = city.NewDataFolder();
        var store = new SqlitePersonStore(Path.Combine(dir, "persons.db"));
        var planner = new RemoteArtifacts(dir);
        var plan = await new ArtifactRoundRunner(planner, store).PlanAsync(SharedPortsCity.RoundId);
        Assert.Equal(Enumerable.Range(0, 8).Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)), plan.Partitions);
        Assert.All(planner.Reads, n => Assert.StartsWith("imported/", n)); // the drops, copied once by the planner
        var parts = new List<PartitionResult>();
        foreach (var p in plan.Partitions)
        {
            // A fresh runner per partition, as an activity on another instance: no memory of the plan.
            var machine = new RemoteArtifacts(dir);
            parts.Add(await new ArtifactRoundRunner(machine, store).RunPartitionAsync(new PartitionRequest(SharedPortsCity.RoundId, p)));
            Assert.Equal([$"rounds/{SharedPortsCity.RoundId}/resolution.json", $"rounds/{SharedPortsCity.RoundId}/rows/part-{p}.bin"], machine.Reads);
        }
        var summary = await new ArtifactRoundRunner(new RemoteArtifacts(dir), store).CompleteAsync(new RoundCompletion(SharedPortsCity.RoundId, parts));

        var (expected, refStore, _) = await ReferenceRoundAsync(dir, null);
        Assert.Equal((expected.Persons, expected.SurveyTasks), (summary.Persons, summary.SurveyTasks));
        Assert.Equal(expected.Coverage, summary.ByStatus);
        var districts = await DistrictsAsync(new FolderArtifactStore(dir));
        string Key(PersonRecord p) => $"{p.Id}|{p.Coverage}|{p.Survey?.Status}|{p.Survey?.TownshipCode}|{p.ContentHash}";
        Assert.Equal((await AllPersonsAsync(refStore, districts)).Select(Key).Order(StringComparer.Ordinal),
            (await AllPersonsAsync(store, districts)).Select(Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_round_with_more_rows_than_eight_partitions_hold_is_split_into_more_partitions_with_the_same_persons()
    {
        var dir = city.NewDataFolder();
        var store = new SqlitePersonStore(Path.Combine(dir, "persons.db"));
        var artifacts = new FolderArtifactStore(dir);
        var runner = new ArtifactRoundRunner(artifacts, store, rowsPerPartition: 20);
        var plan = await runner.PlanAsync(SharedPortsCity.RoundId);
        Assert.Equal(64, plan.Partitions.Count); // 300 persons' rows over 8 × 20 rows: split as far as it goes (8 × 8)
        var parts = new List<PartitionResult>();
        foreach (var p in plan.Partitions) parts.Add(await runner.RunPartitionAsync(new PartitionRequest(SharedPortsCity.RoundId, p)));
        var summary = await runner.CompleteAsync(new RoundCompletion(SharedPortsCity.RoundId, parts));

        var (expected, refStore, _) = await ReferenceRoundAsync(dir, null);
        Assert.Equal((expected.Persons, expected.SurveyTasks), (summary.Persons, summary.SurveyTasks));
        Assert.Equal(expected.Coverage, summary.ByStatus);
    }

    [Fact]
    public async Task Rejected_rows_are_counted_per_district_of_the_drop_and_reach_the_monthly_city_report()
    {
        var dir = city.NewDataFolder();
        // One unreadable row in each of two districts' household registry drops (an impossible sex code).
        var expected = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(dir, "imported", "household_registry")).Order(StringComparer.Ordinal).Take(2))
        {
            // A copy of the first data row with an impossible sex code and date of birth (bytes: the drop is GB18030; ',' and digits are ASCII).
            var bytes = File.ReadAllBytes(file);
            var first = bytes.AsSpan().IndexOf((byte)'\n') + 1;
            var second = first + bytes.AsSpan(first).IndexOf((byte)'\n') + 1;
            var fields = Encoding.Latin1.GetString(bytes, first, second - first).TrimEnd('\r', '\n').Split(',');
            (fields[2], fields[3]) = ("9", "19801345");
            File.WriteAllBytes(file, [.. bytes, .. Encoding.Latin1.GetBytes(string.Join(",", fields) + "\r\n")]);
        }
        // Expected: each drop read on its own.
        foreach (var file in Directory.EnumerateFiles(Path.Combine(dir, "imported"), "*", SearchOption.AllDirectories))
        {
            var one = Directory.CreateTempSubdirectory("canbao-one-drop-").FullName;
            try
            {
                var feed = Path.GetFileName(Path.GetDirectoryName(file)!);
                Directory.CreateDirectory(Path.Combine(one, feed));
                File.Copy(file, Path.Combine(one, feed, Path.GetFileName(file)));
                var acc = new DropAccount();
                foreach (var _ in DropSource.Read(one, new DateOnly(2017, 3, 31), acc)) { }
                var district = ArtifactRoundRunner.DistrictOfDrop(file);
                if (acc.Rejected > 0) expected[district] = expected.GetValueOrDefault(district) + acc.Rejected;
            }
            finally { Directory.Delete(one, recursive: true); }
        }
        var store = new SqlitePersonStore(Path.Combine(dir, "persons.db"));
        var artifacts = new FolderArtifactStore(dir);
        var summary = await RunRoundAsync(new ArtifactRoundRunner(artifacts, store), SharedPortsCity.RoundId);
        var byDistrict = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, long>>(
            (await artifacts.ReadAsync(ArtifactRoundRunner.RejectedByDistrict(SharedPortsCity.RoundId)))!)!;
        Assert.Equal(expected.OrderBy(kv => kv.Key, StringComparer.Ordinal), byDistrict.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        Assert.True(expected.Values.Sum() > 0, "the test drops must have rejected rows");

        var c = await new ProgressReportWriter(artifacts, store, new Clock()).WriteCityReportAsync(new ReportRequest("2017-03"));
        var rows = new MemoryStream((await artifacts.ReadAsync(c.Ref))!).Query(useHeaderRow: true, sheetName: "进度").Cast<IDictionary<string, object>>().ToList();
        foreach (var row in rows.Take(rows.Count - 1))
            Assert.Equal(byDistrict.GetValueOrDefault((string)row["区县代码"]), Convert.ToInt64(row["拒收行数"]));
        Assert.Equal(byDistrict.Where(kv => kv.Key.Length == 6).Sum(kv => kv.Value), Convert.ToInt64(rows[^1]["拒收行数"]));
        _ = summary;
    }

    [Fact]
    public async Task Rosters_are_dispatched_printable_and_confirmation_and_expiry_write_the_results_into_the_person_records()
    {
        var dir = city.NewDataFolder();
        var store = new SqlitePersonStore(Path.Combine(dir, "persons.db"));
        var artifacts = new FolderArtifactStore(dir);
        await RunRoundAsync(new ArtifactRoundRunner(artifacts, store), SharedPortsCity.RoundId);
        var messages = new RecordingMessages();
        var dispatcher = new ArtifactRosterDispatcher(artifacts, store, messages, new Clock());

        var plan = await dispatcher.PlanAsync(SharedPortsCity.RoundId);
        Assert.NotEmpty(plan.Townships);
        Assert.All(plan.Townships, t => Assert.Matches("^[0-9]{9}$", t));
        // The biggest roster: it needs at least three people for the three outcomes below.
        var counts = new Dictionary<string, int>();
        foreach (var t in plan.Townships) counts[t] = (await dispatcher.RosterIdsAsync(new RosterKey(SharedPortsCity.RoundId, t))).Count;
        var township = counts.MaxBy(kv => kv.Value).Key;
        var roster = new RosterKey(SharedPortsCity.RoundId, township);
        var ids = await dispatcher.RosterIdsAsync(roster);
        Assert.True(ids.Count >= 3, $"{ids.Count} on the biggest roster");

        Assert.Equal(ids.Count, await dispatcher.DispatchAsync(roster));
        var sent = Assert.Single(messages.Sent);
        Assert.Equal((RosterMessageKind.Dispatched, ids.Count, $"rounds/{roster.RoundId}/survey/{township}/roster.xlsx"), (sent.Kind, sent.Tasks, sent.Ref));
        // The printable roster reads back: every row still to visit, task ids as the operator API names them.
        var xlsx = (await artifacts.ReadAsync(sent.Ref!))!;
        var unfilled = SurveyResultReader.Read(new MemoryStream(xlsx), new DateOnly(2017, 4, 20));
        Assert.Equal(ids.Count, unfilled.Unfilled.Count);
        var csv = Encoding.UTF8.GetString((await artifacts.ReadAsync($"rounds/{roster.RoundId}/survey/{township}/roster.csv"))!);
        Assert.Contains(ArtifactRosterDispatcher.TaskId(roster.RoundId, ids[0]), csv);

        // The township returns it: first registered (new phone), second unreachable, the rest not visited yet.
        var returned = Fill(csv, new Dictionary<string, (string Outcome, string Phone)>
        {
            [ids[0]] = ("已登记", "13912345678"),
            [ids[1]] = ("无法联系", ""),
        });
        var resultRef = $"rounds/{roster.RoundId}/survey/{township}/returned.csv";
        await artifacts.WriteAsync(resultRef, Encoding.UTF8.GetBytes(returned));
        var request = new RosterResultsRequest(roster, new RosterSubmission(resultRef, 1, 1));

        Assert.Equal(new RosterConfirmation(1, 1), await dispatcher.ConfirmAsync(request));
        var p0 = (await store.ReadAsync(ids[0]))!;
        var p1 = (await store.ReadAsync(ids[1]))!;
        var p2 = (await store.ReadAsync(ids[2]))!;
        Assert.Equal(("confirmed", township, "13912345678"), (p0.Person.Survey!.Status, p0.Person.Survey.TownshipCode, p0.Person.Phone));
        Assert.Contains(p0.Person.History, h => h.Round == roster.RoundId && h.What.StartsWith("survey confirmed: 已登记", StringComparison.Ordinal));
        Assert.Equal("unreachable", p1.Person.Survey!.Status);
        Assert.Contains(p1.Person.History, h => h.What.StartsWith("survey unreachable: 无法联系", StringComparison.Ordinal));
        Assert.NotEqual("confirmed", p2.Person.Survey!.Status);
        Assert.NotEqual("unreachable", p2.Person.Survey.Status);

        // Confirmed twice (a retried activity): same counts, nothing written again.
        Assert.Equal(new RosterConfirmation(1, 1), await dispatcher.ConfirmAsync(request));
        Assert.Equal(p0.ETag, (await store.ReadAsync(ids[0]))!.ETag);
        Assert.Equal(p1.ETag, (await store.ReadAsync(ids[1]))!.ETag);

        // No more results after the last escalation: everyone not confirmed is recorded unreachable; the confirmed one stays.
        var expired = await dispatcher.ExpireAsync(roster);
        Assert.Equal(new RosterConfirmation(0, ids.Count - 1), expired);
        Assert.Equal("confirmed", (await store.ReadAsync(ids[0]))!.Person.Survey!.Status);
        foreach (var id in ids.Skip(1)) Assert.Equal("unreachable", (await store.ReadAsync(id))!.Person.Survey!.Status);
        Assert.Contains((await store.ReadAsync(ids[2]))!.Person.History, h => h.What.StartsWith("survey unreachable: no results after the last escalation", StringComparison.Ordinal));
        Assert.Equal(expired, await dispatcher.ExpireAsync(roster));

        // Notices are messages with the roster and level.
        await dispatcher.RemindAsync(new RosterNotice(roster, 1));
        await dispatcher.EscalateAsync(new RosterNotice(roster, 2));
        await dispatcher.SendBackAsync(new RosterSendBack(roster, "缺少调查日期"));
        Assert.Equal([(RosterMessageKind.Reminder, 1, null), (RosterMessageKind.Escalation, 2, null), (RosterMessageKind.SentBack, 0, "缺少调查日期")],
            messages.Sent.Skip(1).Select(m => (m.Kind, m.Level, m.Reason)));
    }

    [Fact]
    public async Task Confirmation_applies_the_survey_results_the_township_wrote_to_the_person_records_and_reclassifies_only_by_the_rules()
    {
        var dir = city.NewDataFolder();
        var store = new SqlitePersonStore(Path.Combine(dir, "persons.db"));
        var artifacts = new FolderArtifactStore(dir);
        await RunRoundAsync(new ArtifactRoundRunner(artifacts, store), SharedPortsCity.RoundId);
        var dispatcher = new ArtifactRosterDispatcher(artifacts, store, new RecordingMessages(), new Clock());
        var plan = await dispatcher.PlanAsync(SharedPortsCity.RoundId);
        // The biggest roster with a person not enrolled at all (for the enrolled-elsewhere case).
        RosterKey? roster = null;
        List<PersonRecord> persons = [];
        foreach (var t in plan.Townships)
        {
            var key = new RosterKey(SharedPortsCity.RoundId, t);
            var list = new List<PersonRecord>();
            foreach (var id in await dispatcher.RosterIdsAsync(key)) list.Add((await store.ReadAsync(id))!.Person);
            if (list.Count >= 5 && list.Count > persons.Count && list.Any(IsPlainNotEnrolled)) (roster, persons) = (key, list);
        }
        Assert.NotNull(roster);
        static bool IsPlainNotEnrolled(PersonRecord p) => p.Coverage == CoverageStatus.NotEnrolled && p.RequiredInsurances.Count > 0
            && !p.Enrollments.Any(e => e.Status == "paying") && !p.Conflicts.Any(c => c.Rule == "undecided");
        var elsewhere = persons.First(IsPlainNotEnrolled);
        var others = persons.Where(p => p.Id != elsewhere.Id).Take(4).ToList();
        var (deceased, unwilling, moved, newly) = (others[0], others[1], others[2], others[3]);
        Assert.Equal(CoverageStatus.NotEnrolled, elsewhere.Coverage);

        var township = roster!.Township;
        await dispatcher.DispatchAsync(roster);
        var csv = Encoding.UTF8.GetString((await artifacts.ReadAsync($"rounds/{roster.RoundId}/survey/{township}/roster.csv"))!);
        var region = Canbao.Domain.Standard.StandardFields.EnrollmentRegion.Label;
        var filled = new Dictionary<string, Dictionary<string, string>>
        {
            [deceased.Id] = new() { [RosterLayout.Outcome] = "已死亡" },
            [elsewhere.Id] = elsewhere.RequiredInsurances.ToDictionary(
                k => RosterLayout.InsuranceColumn(Canbao.Domain.Standard.InsuranceVocabulary.AllTypes.Single(t => Canbao.Domain.Standard.InsuranceVocabulary.Key(t) == k)),
                _ => "参保缴费"),
            [unwilling.Id] = new() { [RosterLayout.Outcome] = "已登记", [RosterLayout.UnenrolledReason] = "本人不愿参保" },
            [moved.Id] = new() { [RosterLayout.Outcome] = "已迁出" },
            [newly.Id] = new() { [RosterLayout.Outcome] = "已登记", [RosterLayout.InsuranceColumn(Canbao.Domain.Standard.InsuranceType.ResidentMedical)] = "参保缴费", [region] = "630102" },
        };
        filled[elsewhere.Id][RosterLayout.Outcome] = "已登记";
        filled[elsewhere.Id][region] = "320102";
        var resultRef = $"rounds/{roster.RoundId}/survey/{township}/returned.csv";
        await artifacts.WriteAsync(resultRef, Encoding.UTF8.GetBytes(FillCells(csv, filled)));
        var request = new RosterResultsRequest(roster, new RosterSubmission(resultRef, 5, 0));

        Assert.Equal(new RosterConfirmation(5, 0), await dispatcher.ConfirmAsync(request));
        async Task<PersonRecord> Read(PersonRecord p) => (await store.ReadAsync(p.Id))!.Person;
        var reason = $"survey {roster.RoundId} {township}";

        // Deceased: out of scope, or still enrolled when the record has a paying enrollment (the classifier's deceased rule).
        var d = await Read(deceased);
        var expectedDeceased = deceased.Enrollments.Any(e => e.Status == "paying") ? CoverageStatus.DeceasedStillEnrolled : CoverageStatus.OutOfScope;
        Assert.Equal((expectedDeceased, "confirmed"), (d.Coverage, d.Survey!.Status));
        Assert.Contains(d.CoverageReasons, r => r.Code == "survey:deceased" && r.Detail.StartsWith(reason, StringComparison.Ordinal));
        Assert.Contains(d.History, h => h.What == $"coverage {ComparisonRound.Key(deceased.Coverage)}→{ComparisonRound.Key(expectedDeceased)} ({reason})");
        // Every required insurance paid in Nanjing (320102): enrolled elsewhere; no enrollment is added to the record.
        var e = await Read(elsewhere);
        Assert.Equal(CoverageStatus.EnrolledElsewhere, e.Coverage);
        Assert.Equal(elsewhere.Enrollments, e.Enrollments);
        var er = Assert.Single(e.CoverageReasons, r => r.Code.StartsWith("survey:", StringComparison.Ordinal));
        Assert.Equal(("survey:enrolled_elsewhere", $"{reason}: {string.Join(",", elsewhere.RequiredInsurances.Order(StringComparer.Ordinal))} paying in 320102"), (er.Code, er.Detail));
        Assert.Contains(e.History, h => h.What == $"coverage not_enrolled→enrolled_elsewhere ({reason})");
        // Unwilling, moved away, newly enrolled in the city: recorded; coverage stays until the feeds say otherwise.
        foreach (var (before, key, detail) in new[] { (unwilling, "unwilling", $"{reason}: 未参保原因: 本人不愿参保"), (moved, "moved_away", reason),
                     (newly, "newly_enrolled", $"{reason}: resident_medical paying in 630102") })
        {
            var after = await Read(before);
            Assert.Equal((before.Coverage, before.Enrollments.Count, "confirmed"), (after.Coverage, after.Enrollments.Count, after.Survey!.Status));
            Assert.Contains(after.CoverageReasons, r => r.Code == "survey:" + key && r.Detail == detail);
            Assert.Contains(after.History, h => h.What.StartsWith("survey confirmed: ", StringComparison.Ordinal) && h.What.Contains("→ " + key, StringComparison.Ordinal));
            Assert.DoesNotContain(after.History, h => h.What.StartsWith("coverage ", StringComparison.Ordinal) && h.Round == roster.RoundId && h.What.Contains("survey", StringComparison.Ordinal));
        }
        using (var doc = System.Text.Json.JsonDocument.Parse((await artifacts.ReadAsync($"rounds/{roster.RoundId}/survey/{township}/confirmation.json"))!))
        {
            var results = doc.RootElement.GetProperty("survey_results");
            Assert.Equal(["deceased", "enrolled_elsewhere", "moved_away", "newly_enrolled", "unwilling"], results.EnumerateObject().Select(p => p.Name));
            Assert.All(results.EnumerateObject(), p => Assert.Equal(1, p.Value.GetInt32()));
        }

        // Confirmed twice: the same ETags, the same confirmation file.
        var etags = new List<string>();
        foreach (var p in new[] { deceased, elsewhere, unwilling, moved, newly }) etags.Add((await store.ReadAsync(p.Id))!.ETag);
        var confirmation = await artifacts.ReadAsync($"rounds/{roster.RoundId}/survey/{township}/confirmation.json");
        Assert.Equal(new RosterConfirmation(5, 0), await dispatcher.ConfirmAsync(request));
        var again = new List<string>();
        foreach (var p in new[] { deceased, elsewhere, unwilling, moved, newly }) again.Add((await store.ReadAsync(p.Id))!.ETag);
        Assert.Equal(etags, again);
        Assert.Equal(confirmation, await artifacts.ReadAsync($"rounds/{roster.RoundId}/survey/{township}/confirmation.json"));
    }

    [Fact]
    public void A_surveyor_reporting_an_insurance_paid_elsewhere_that_the_city_also_pays_is_a_duplicate_enrollment()
    {
        var person = new PersonRecord
        {
            Id = "630102199001011234", DistrictCode = "630102", Coverage = CoverageStatus.PartlyEnrolled, Situations = ["employee"],
            RequiredInsurances = ["employee_pension", "employee_medical"],
            Enrollments = [new PersonEnrollment("employee_pension", "paying", "630102", "enrollment")],
        };
        var result = new SurveyResult(3, "task-1", person.Id, "", "", "", "", "", "",
            new Dictionary<Canbao.Domain.Standard.InsuranceType, Canbao.Domain.Standard.EnrollmentStatus>
            {
                [Canbao.Domain.Standard.InsuranceType.EmployeePension] = Canbao.Domain.Standard.EnrollmentStatus.Paying,
                [Canbao.Domain.Standard.InsuranceType.EmployeeMedical] = Canbao.Domain.Standard.EnrollmentStatus.Paying,
            }, "320102", "", SurveyOutcome.Registered, "", null, "");
        var finding = SurveyFinding.Of(result, person);
        Assert.Equal((SurveyResultKind.EnrolledElsewhere, CoverageStatus.DuplicateEnrollment), (finding.Kind, finding.Coverage));
        // Only the missing one paid elsewhere: covered, through another region.
        var medicalOnly = result with { Enrollment = new Dictionary<Canbao.Domain.Standard.InsuranceType, Canbao.Domain.Standard.EnrollmentStatus>
            { [Canbao.Domain.Standard.InsuranceType.EmployeeMedical] = Canbao.Domain.Standard.EnrollmentStatus.Paying } };
        Assert.Equal(CoverageStatus.EnrolledElsewhere, SurveyFinding.Of(medicalOnly, person).Coverage);
        // Paid in the city (region 6301xx): recorded as newly enrolled, coverage left to the enrollment feed.
        Assert.Equal((SurveyResultKind.NewlyEnrolled, (CoverageStatus?)null), (SurveyFinding.Of(medicalOnly with { EnrollmentRegion = "630105" }, person).Kind,
            SurveyFinding.Of(medicalOnly with { EnrollmentRegion = "630105" }, person).Coverage));
    }

    [Fact]
    public async Task A_missing_returned_roster_is_a_clear_error()
    {
        var dir = city.NewDataFolder();
        var store = new SqlitePersonStore(Path.Combine(dir, "persons.db"));
        var dispatcher = new ArtifactRosterDispatcher(new FolderArtifactStore(dir), store, new RecordingMessages());
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => dispatcher.ConfirmAsync(
            new RosterResultsRequest(new RosterKey(SharedPortsCity.RoundId, "630102001"), new RosterSubmission("returned/none.csv", 1, 0))));
        Assert.Contains("returned/none.csv", ex.Message);
    }

    [Fact]
    public async Task The_monthly_report_is_xlsx_per_district_and_for_the_city_with_a_png_chart_and_counts_the_persons_in_the_store()
    {
        var dir = city.NewDataFolder();
        var store = new SqlitePersonStore(Path.Combine(dir, "persons.db"));
        var artifacts = new FolderArtifactStore(dir);
        var summary = await RunRoundAsync(new ArtifactRoundRunner(artifacts, store), SharedPortsCity.RoundId);
        var writer = new ProgressReportWriter(artifacts, store, new Clock());

        var districts = await DistrictsAsync(artifacts);
        var persons = await AllPersonsAsync(store, districts);
        Assert.Equal(summary.Persons, persons.Count);
        var registered = persons.Count(p => p.Coverage != CoverageStatus.OutOfScope);
        var enrolled = persons.Count(p => p.Coverage != CoverageStatus.OutOfScope && p.Enrollments.Any(e => e.Status == "paying"));

        var d = await writer.WriteDistrictReportsAsync(new ReportRequest("2017-03"));
        Assert.Equal(("2017-03", districts.Count, "reports/monthly/2017-03/"), (d.Period, d.Reports, d.Ref));
        Assert.Equal(districts.Select(c => $"reports/monthly/2017-03/district-{c}.xlsx"), await artifacts.ListAsync("reports/monthly/2017-03/"));

        var c = await writer.WriteCityReportAsync(new ReportRequest("2017-03"));
        Assert.Equal("reports/monthly/2017-03/city-630100.xlsx", c.Ref);
        var rows = new MemoryStream((await artifacts.ReadAsync(c.Ref))!).Query(useHeaderRow: true, sheetName: "进度").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(districts.Count + 1, rows.Count); // one row per district and the total
        Assert.Equal(districts, rows.Take(districts.Count).Select(r => (string)r["区县代码"]));
        Assert.Equal(registered, Convert.ToInt32(rows[^1]["登记人数"]));
        Assert.Equal(enrolled, Convert.ToInt32(rows[^1]["参保人数"]));
        Assert.Equal(Math.Round(100.0 * enrolled / registered, 1), Convert.ToDouble(rows[^1]["参保率(%)"]), 1);
        var png = (await artifacts.ReadAsync("reports/monthly/2017-03/city-630100.png"))!;
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.Take(4));
    }

    // Writes the roster CSV back with the given cells filled in for the given resident IDs.
    private static string FillCells(string csv, Dictionary<string, Dictionary<string, string>> cells)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromText(csv.TrimStart('\uFEFF'));
        using var writer = reader.Spec.Writer(o => o with { Escape = true }).ToText();
        foreach (var row in reader)
        {
            using var w = writer.NewRow(row);
            if (cells.TryGetValue(row[Canbao.Domain.Standard.StandardFields.ResidentId.Label].ToString(), out var values))
                foreach (var (column, value) in values) w[column].Set(value);
        }
        return writer.ToString();
    }

    // Writes the roster CSV back with outcomes filled in for the given resident IDs.
    private static string Fill(string csv, Dictionary<string, (string Outcome, string Phone)> outcomes)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromText(csv.TrimStart('\uFEFF'));
        using var writer = reader.Spec.Writer(o => o with { Escape = true }).ToText();
        foreach (var row in reader)
        {
            using var w = writer.NewRow(row);
            if (outcomes.TryGetValue(row[Canbao.Domain.Standard.StandardFields.ResidentId.Label].ToString(), out var o))
            {
                w[RosterLayout.Outcome].Set(o.Outcome);
                if (o.Phone.Length > 0) w[Canbao.Domain.Standard.StandardFields.Phone.Label].Set(o.Phone);
            }
        }
        return writer.ToString();
    }
}
