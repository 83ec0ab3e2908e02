using System.Diagnostics;
using System.Globalization;
using Canbao.Cli.Hosting;
using Canbao.Cli.Hosting.Adapters;
using Canbao.Comparison;
using Canbao.Domain.Changes;
using Canbao.Domain.Identifiers;
using Canbao.Domain.Persons;
using Canbao.Domain.Standard;
using Canbao.Hosting.Reports;
using Canbao.Hosting.Rounds;
using Canbao.Hosting.Surveys;
using Canbao.Operator.Data;
using Canbao.Reports.Departments;
using Canbao.Reports.Progress;
using Canbao.Reports.Rosters;
using Canbao.Store;
using Canbao.Store.ChangeFeed;
using Canbao.Store.Sqlite;
using Canbao.Synthetic;
using Canbao.Workflows;
using Canbao.Workflows.Contracts;
using Microsoft.DurableTask.Client;
using nietras.SeparatedValues;
using RoundSummary = Canbao.Comparison.RoundSummary;

namespace Canbao.Cli.Demo;

/// <summary>
/// The whole job on the embedded default (DESIGN "The job, step by step") on a copy of a synthetic city, run THROUGH the
/// workflows (<see cref="CanbaoWorkflows"/>) on an in-process durable backend (<see cref="DemoWorkflowHost"/>, no Azurite):
/// one DropIngestionOrchestrator per drop of the first period, the ComparisonRoundOrchestrator (which starts the
/// SurveyCampaignOrchestrator), simulated township returns raised as <see cref="WorkflowEvents.RosterResults"/> and operator
/// reviews as <see cref="WorkflowEvents.RosterReview"/> (one roster sent back and re-submitted), the second period's drops
/// ingested and its change events applied through <see cref="ChangeEventProcessor"/>, a second round, the
/// MonthlyReportOrchestrator for the second period, department lists and evaluation against the truth.
/// </summary>
public static class DemoRunner
{
    /// <summary>File the demo leaves in its folder so a later run knows the folder is its own to wipe.</summary>
    public const string DemoMarker = ".canbao-demo";

    /// <summary>Survey deadlines of the demo's campaign: an hour to return results (the simulated townships return at once).</summary>
    public static readonly SurveyTimings Timings = new(3600, 0, 3600, 1);

    /// <summary>Runs the demo.</summary>
    /// <param name="sampleCity">The city folder holding drops/ and truth/ (e.g. samples/city); copied, never changed.</param>
    /// <param name="outDir">The demo folder; wiped first when it is empty or was written by a previous demo, else refused (IOException).</param>
    /// <param name="progress">Receives one progress line per step (no resident IDs, names or phones).</param>
    /// <param name="ct">Cancellation.</param>
    /// <exception cref="DirectoryNotFoundException">The sample city has no drops/ or truth/.</exception>
    /// <exception cref="InvalidOperationException">A workflow failed (its instance id and failure).</exception>
    public static async Task<DemoSummary> RunAsync(string sampleCity, string outDir, Action<string> progress, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var report0 = progress;
        progress = line => report0($"{line}  ({clock.Elapsed.TotalSeconds:0.0} s)");
        if (!Directory.Exists(Path.Combine(sampleCity, "drops")) || !Directory.Exists(Path.Combine(sampleCity, "truth")))
            throw new DirectoryNotFoundException($"sample city not found (needs drops/ and truth/): {sampleCity}");
        outDir = Path.GetFullPath(outDir);
        // Wipe only what a previous demo wrote: a folder holding anything else (a mistyped --out . or ~) is refused.
        if (Directory.Exists(outDir))
        {
            var isEmpty = !Directory.EnumerateFileSystemEntries(outDir).Any();
            if (!isEmpty && !File.Exists(Path.Combine(outDir, "summary.json")) && !File.Exists(Path.Combine(outDir, DemoMarker)))
                throw new IOException($"{outDir} exists and was not written by canbao demo; choose an empty or new --out folder");
            Directory.Delete(outDir, recursive: true);
        }
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, DemoMarker), "written by canbao demo; the folder is wiped by the next demo run\n");
        var outputs = new SortedDictionary<string, string>(StringComparer.Ordinal);

        // 1. Copy the sample city; the first period's drops arrive first.
        var cityDir = Path.Combine(outDir, "city");
        CopyTree(sampleCity, cityDir);
        var allDrops = Directory.EnumerateFiles(Path.Combine(cityDir, "drops"), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Path.Combine(cityDir, "drops"), f).Replace('\\', '/'))
            .Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal).ToList();
        var periods = allDrops.Select(f => Path.GetFileName(f)).Where(n => n.Length >= 7 && n[4] == '-').Select(n => n[..7]).Distinct().Order(StringComparer.Ordinal).ToList();
        if (periods.Count < 2) throw new InvalidDataException($"the sample city needs drops of two periods (yyyy-MM-… file names); found {periods.Count}");
        string p1 = periods[0], p2 = periods[1];
        DateOnly d1 = PeriodEnd(p1), d2 = PeriodEnd(p2);
        var layout = new LocalLayout(outDir).Create();
        var first = allDrops.Where(f => Path.GetFileName(f).StartsWith(p1, StringComparison.Ordinal) || !Path.GetFileName(f).StartsWith(p2, StringComparison.Ordinal)).ToList();
        var second = allDrops.Except(first).ToList();
        Arrive(cityDir, layout.Drops, first);
        outputs["sample_city"] = cityDir;
        outputs["drops"] = layout.Drops;
        progress($"[1/8] sample city copied to {cityDir}; {first.Count} drops of {p1} arrive in {layout.Drops}");

        var store = new SqlitePersonStore(layout.Persons);
        outputs["person_store"] = layout.Persons;
        await using var host = await DemoWorkflowHost.StartAsync(layout, store);

        // 2. One drop ingestion workflow per drop, then the first comparison round (it starts the survey campaign).
        var ingest = new List<IngestStep>();
        var tally1 = await IngestAsync(host, layout, first, ct);
        ingest.Add(Totals(p1, tally1));
        var round1Id = $"{d1:yyyyMMdd}-{p1}";
        var round1 = await RoundAsync(host, layout, new RoundInput(round1Id, StartCampaign: true, Timings), ct);
        outputs["round1"] = Path.Combine(layout.Rounds, round1Id, "out");
        progress($"[2/8] {p1}: {ingest[0].Drops} drop workflows, {ingest[0].Rows:N0} rows ({ingest[0].Accepted:N0} accepted, {ingest[0].Held:N0} held, {ingest[0].Rejected:N0} rejected); " +
                 $"round workflow {round1.Round}: {round1.Persons:N0} persons, {round1.SurveyTasks:N0} survey tasks");

        var map = CityMap.Load(CityCode(cityDir));
        var afterRound1 = await PersonsAsync(store, map, ct);
        var round1Districts = map.Districts.Select(d => StoreOperatorData.Figures(d.Code, d.Name, afterRound1.Where(p => p.DistrictCode == d.Code).ToList(),
            SurveyFunnel.Empty, tally1.Where(t => t.DistrictCode == d.Code).Sum(t => (int)t.Rejected))).ToList();

        // 3–4. The survey campaign the round started: townships return filled rosters, an operator reviews them.
        var survey = await SurveyAsync(host, store, map, round1Id, Path.Combine(cityDir, "truth", "persons.csv"), p1, d1, progress, ct);
        survey = survey with { NoTownship = round1.SurveyTasks - survey.Dispatched };
        outputs["rosters"] = Path.Combine(layout.Rounds, round1Id, "survey");
        outputs["roster_messages"] = Path.Combine(outDir, "survey", "messages.jsonl");

        // 5. Second period: drop workflows, change events through the store, then a second round over all imported drops.
        Arrive(cityDir, layout.Drops, second);
        var tally2 = await IngestAsync(host, layout, second, ct);
        ingest.Add(Totals(p2, tally2));
        foreach (var bad in tally1.Concat(tally2).Where(t => t.Error is not null)) progress($"      not imported: {bad.Drop}: {bad.Error}");
        var unusable = 0;
        var changeDrops = second.Where(f => FeedCatalog.All.First(x => x.Id == f.Split('/')[0]) is { } feed
            && (feed.Role == FeedRole.Change || feed.Id is "enrollment" or "residence_permit")).ToList();
        var events = await ChangeEventsFromDrops.ReadAsync(layout.Drops, changeDrops, d2, store, n => unusable += n, ct);
        var report = await new ChangeEventProcessor(store).ApplyAsync(events, ct);
        var changes = new ChangeStep(
            events.GroupBy(e => Key(e.Kind.ToString())).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            report.Applied, report.Skipped, report.Parked, unusable);
        progress($"[5/8] {p2}: {ingest[1].Drops} drop workflows; {events.Count:N0} change events ({report.Applied:N0} applied, {report.Skipped:N0} skipped, {report.Parked:N0} parked)");
        var round2Id = $"{d2:yyyyMMdd}-{p2}";
        var round2 = await RoundAsync(host, layout, new RoundInput(round2Id, StartCampaign: false), ct);
        outputs["round2"] = Path.Combine(layout.Rounds, round2Id, "out");
        progress($"[5/8] round workflow {round2.Round}: {round2.Persons:N0} persons, {round2.ChangedPersons:N0} changed and written");

        // The store's change feed, consumed from its checkpoint: derived district statistics, survey work list, department lists.
        var derivedFile = Path.Combine(outDir, "derived.db");
        var derived = new SqliteDerivedDataStore(derivedFile);
        var feed = await new ChangeFeedConsumer(store, new SqliteChangeFeedCheckpoint(derivedFile), derived, DerivedDataHandlers.All(derived)).CatchUpAsync(ct);
        changes = changes with { FeedChanges = feed.Changes, FeedParked = feed.Parked };
        outputs["derived_data"] = derivedFile;
        progress($"[5/8] change feed consumed: {feed.Changes:N0} person changes in {feed.Pages} pages → district statistics, survey work list, department lists ({feed.Parked} parked)");

        // 6. The monthly report workflow for the second period (due days long past: it writes at once), department lists.
        var month = PeriodStart(p2);
        var (monthlyId, _) = await WorkflowStarts.StartMonthlyReportAsync(host.Client, new MonthlyReportInput(month.Year, month.Month, Until: p2), ct);
        await host.CompleteAsync(monthlyId, ct);
        var monthly = Path.Combine(outDir, ProgressReportWriter.PeriodPrefix(p2).TrimEnd('/'));
        outputs["monthly_reports"] = monthly;
        // The report writer names the city from the round's districts; take what it wrote.
        var cityReport = Directory.GetFiles(monthly, "city-*.xlsx").Order(StringComparer.Ordinal).FirstOrDefault()
                         ?? throw new InvalidOperationException($"the monthly report workflow wrote no city report in {monthly}");
        outputs["city_report"] = cityReport;
        outputs["city_chart"] = Path.ChangeExtension(cityReport, ".png");
        var reportDir = Path.Combine(outDir, "reports");
        var lists = WriteDepartmentLists(Path.Combine(outputs["round2"], "problems.csv"), Path.Combine(reportDir, "departments"));
        outputs["department_lists"] = Path.Combine(reportDir, "departments");
        progress($"[6/8] monthly report workflow: {Directory.GetFiles(monthly, "district-*.xlsx").Length} district reports + city report and chart in {monthly}; {lists} department lists");

        // 7. Evaluation against the truth.
        var eval = await Evaluation.RunAsync(Path.Combine(cityDir, "truth"), store, ct);
        var evaluation = new EvaluationStep(eval.Resolution.Precision, eval.Resolution.Recall, eval.Resolution.F1, eval.Classification.Accuracy);
        progress($"[7/8] evaluation: precision {evaluation.Precision:0.0000}, recall {evaluation.Recall:0.0000}, classification accuracy {evaluation.ClassificationAccuracy:0.0000}");

        var instances = new List<InstanceView>();
        await foreach (var m in host.Client.GetAllInstancesAsync(new OrchestrationQuery { PageSize = 500 }).WithCancellation(ct))
            instances.Add(ServeOperatorSources.View(m));
        progress($"[8/8] {instances.Count} workflow instances ran: {string.Join(", ", instances.GroupBy(i => i.Name).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"))}");

        var persons = await PersonsAsync(store, map, ct);
        var coverage = Enum.GetValues<CoverageStatus>().ToDictionary(ComparisonRound.Key, s => persons.Count(p => p.Coverage == s));
        var summaryFile = Path.Combine(outDir, "summary.json");
        outputs["summary"] = summaryFile;
        var summary = new DemoSummary(outDir, ingest, round1, survey, changes, round2, coverage, evaluation, outputs, Math.Round(clock.Elapsed.TotalSeconds, 1))
        {
            Drops = [.. tally1, .. tally2],
            Round1Districts = round1Districts,
            Instances = instances.OrderByDescending(i => i.CreatedAt).ToList(),
        };
        await File.WriteAllTextAsync(summaryFile, System.Text.Json.JsonSerializer.Serialize(summary, Commands.RunCommand.Json), ct);
        return summary;
    }

    /// <summary>Starts one <c>DropIngestionOrchestrator</c> per drop (no settle wait: the files are complete) and accounts each one's rows.</summary>
    private static async Task<IReadOnlyList<DropCount>> IngestAsync(DemoWorkflowHost host, LocalLayout layout, IReadOnlyList<string> drops, CancellationToken ct)
    {
        var started = new List<(string Name, string Feed, string Instance)>();
        foreach (var name in drops)
        {
            var file = new FileInfo(Path.Combine(layout.Drops, name));
            var feed = name.Split('/')[0];
            var (id, _) = await WorkflowStarts.StartDropAsync(host.Client,
                new DropIngestionInput(new DropRef("drops", name, feed, FolderDropStore.ETagOf(file), file.Length), 3, SettleSeconds: 0, RetrySeconds: 1), ct);
            started.Add((name, feed, id));
        }
        var counts = new List<DropCount>();
        foreach (var (name, feed, id) in started)
        {
            var outcome = (await host.CompleteAsync(id, ct)).ReadOutputAs<DropOutcome>()!;
            counts.Add(outcome switch
            {
                { Kind: DropOutcomeKind.Imported, Summary: { } s } => new DropCount(name, feed, s.RowsIn, s.Accepted, s.Held, s.Rejected, null,
                    ServeOperatorSources.Findings(Path.Combine(layout.Root, s.ReportRef)).Select(f => new DropFinding(f.Row, f.Column, f.Code, f.Severity, f.Message)).ToList()),
                { Kind: DropOutcomeKind.Duplicate } => new DropCount(name, feed, 0, 0, 0, 0, null, []),
                _ => new DropCount(name, feed, 0, 0, 0, 0, $"{outcome.Kind}: {outcome.Reason}", []),
            });
        }
        return counts;
    }

    /// <summary>Runs the round workflow to completion; returns the round's summary as the round runner wrote it.</summary>
    private static async Task<RoundSummary> RoundAsync(DemoWorkflowHost host, LocalLayout layout, RoundInput input, CancellationToken ct)
    {
        var (id, _) = await WorkflowStarts.StartRoundAsync(host.Client, input, ct);
        await host.CompleteAsync(id, ct);
        var file = Path.Combine(layout.Rounds, input.RoundId, "summary.json");
        return System.Text.Json.JsonSerializer.Deserialize<RoundSummary>(await File.ReadAllTextAsync(file, ct), ArtifactRoundRunner.Json)
               ?? throw new InvalidDataException($"{file}: no round summary");
    }

    /// <summary>
    /// Works the round's survey campaign as townships and an operator would: for every roster workflow, once it awaits results,
    /// fill in the dispatched roster from the truth (<see cref="SurveySimulation"/>) and raise
    /// <see cref="WorkflowEvents.RosterResults"/>; once it awaits review, raise <see cref="WorkflowEvents.RosterReview"/> —
    /// approve, except one roster sent back first and approved when the township returns it again.
    /// </summary>
    private static async Task<SurveyStep> SurveyAsync(DemoWorkflowHost host, IPersonStore store, CityMap map, string roundId,
        string truthCsv, string period, DateOnly day, Action<string> progress, CancellationToken ct)
    {
        var campaignId = WorkflowIds.Campaign(roundId);
        await host.WaitForStatusAsync(campaignId, "rosters out", ct);
        var plan = await host.Dispatcher.PlanAsync(roundId, ct);
        var simulation = new SurveySimulation(SurveySimulation.LoadTruth(truthCsv, period), day.AddDays(20));
        var sendBack = plan.Townships.Count > 1 ? plan.Townships[0] : null;
        int resultRows = 0, rowErrors = 0, approved = 0, sentBack = 0, dispatched = 0;
        var gate = new Lock();
        await Parallel.ForEachAsync(plan.Townships, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (township, token) =>
        {
            var key = new RosterKey(roundId, township);
            var instance = WorkflowIds.Roster(key);
            await host.WaitForStatusAsync(instance, "awaiting results", token);
            var roster = await RosterAsync(host, store, key, day, token);
            var resultRef = ArtifactRosterDispatcher.SurveyPrefix(key) + "returned.csv";
            var path = Path.Combine(host.Artifacts.LocalFolder("")!, resultRef);
            var (visited, unreachable) = simulation.Fill(roster, path);
            RosterReadResult read;
            using (var s = File.OpenRead(path)) read = SurveyResultReader.Read(s, day.AddDays(25));
            var submission = new RosterSubmission(resultRef, visited, unreachable);
            var rounds = township == sendBack ? 2 : 1;
            for (var pass = 1; pass <= rounds; pass++)
            {
                if (pass > 1) await host.WaitForStatusAsync(instance, "send-backs 1", token);
                await host.Client.RaiseEventAsync(instance, WorkflowEvents.RosterResults, submission, token);
                await host.WaitForStatusAsync(instance, "awaiting review", token);
                var approve = pass == rounds;
                await host.Client.RaiseEventAsync(instance, WorkflowEvents.RosterReview,
                    new ReviewDecision(approve, approve ? null : "请补填联系电话后重新提交 (demo: sent back once)"), token);
            }
            lock (gate)
            {
                dispatched += roster.Entries.Count;
                resultRows += read.Results.Count;
                rowErrors += read.Errors.Count;
                approved++;
                if (rounds > 1) sentBack++;
            }
        });
        var campaign = (await host.CompleteAsync(campaignId, ct)).ReadOutputAs<CampaignSummary>()!;
        var data = new StoreOperatorData(store, new StoreOperatorSources(new AreaView(map.CityCode, map.CityName),
            map.Districts.Select(d => new AreaView(d.Code, d.Name)).ToList(), new Dictionary<string, string>(), [], [],
            new Dictionary<string, IReadOnlyList<DropRowError>>(), [], [], day, new Dictionary<string, int>()));
        var funnel = (await data.DistrictFiguresAsync(ct)).Aggregate(SurveyFunnel.Empty, (a, f) => a + f.Funnel);
        progress($"[3/8] survey campaign workflow {campaignId}: {campaign.Rosters} roster workflows, {campaign.Dispatched:N0} survey tasks dispatched (rosters XLSX + CSV per township)");
        progress($"[4/8] {plan.Townships.Count} filled rosters raised as results ({resultRows:N0} results, {rowErrors} row errors); review: {approved} approved, {sentBack} sent back and re-submitted; " +
                 $"{campaign.Confirmed:N0} confirmed, {campaign.Unreachable:N0} unreachable");
        return new SurveyStep(campaign.Rosters, campaign.Dispatched, 0, plan.Townships.Count, resultRows, rowErrors, approved, campaign.SendBacks, funnel);
    }

    /// <summary>The township's dispatched roster (the persons on it as the store has them now), to fill in.</summary>
    private static async Task<Roster> RosterAsync(DemoWorkflowHost host, IPersonStore store, RosterKey key, DateOnly day, CancellationToken ct)
    {
        var entries = new List<RosterEntry>();
        foreach (var id in await host.Dispatcher.RosterIdsAsync(key, ct))
            if (await store.ReadAsync(id, ct) is { } s)
                entries.Add(Entry(key.RoundId, s.Person));
        return new Roster(key.Township, TownshipDirectory.Default.Find(key.Township)?.Name ?? key.Township, key.Township[..6], key.RoundId, day.AddDays(30), entries);
    }

    private static RosterEntry Entry(string roundId, PersonRecord p) => new(
        ArtifactRosterDispatcher.TaskId(roundId, p.Id), p.Id, p.Name, p.Sex switch { Sex.Male => "男", Sex.Female => "女", _ => "" },
        p.BirthDate == default ? null : p.BirthDate, p.HukouAddress, p.ResidenceAddress, p.Phone, p.Coverage, ReasonText(p.Coverage));

    private static string ReasonText(CoverageStatus s) => s switch
    {
        CoverageStatus.NotEnrolled => "未参保",
        CoverageStatus.PartlyEnrolled => "未参齐险种",
        CoverageStatus.Lapsed => "断保",
        CoverageStatus.DuplicateEnrollment => "重复参保",
        CoverageStatus.DeceasedStillEnrolled => "死亡未停保",
        CoverageStatus.NeedsVerification => "信息待核实",
        _ => ComparisonRound.Key(s),
    };

    private static async Task<List<PersonRecord>> PersonsAsync(IPersonStore store, CityMap map, CancellationToken ct)
    {
        var all = new List<PersonRecord>();
        foreach (var d in map.Districts)
            await foreach (var p in store.QueryDistrictAsync(d.Code, null, ct)) all.Add(p);
        return all;
    }

    private static int WriteDepartmentLists(string problemsCsv, string dir)
    {
        Directory.CreateDirectory(dir);
        var findings = new List<DepartmentFinding>();
        if (File.Exists(problemsCsv))
        {
            using var reader = Sep.Reader().FromFile(problemsCsv);
            foreach (var row in reader)
            {
                var feed = row["feed"].ToString();
                if (FeedCatalog.All.All(f => f.Id != feed)) continue;
                var rowNo = row["row"].ToString();
                findings.Add(new DepartmentFinding(feed, row["resident_id"].ToString(), "", row["kind"].ToString(),
                    $"{row["drop"].ToString()}{(rowNo.Length > 0 ? " 第" + rowNo + "行" : "")}: {row["detail"].ToString()}"));
            }
        }
        var byDepartment = DepartmentLists.ByDepartment(findings);
        foreach (var (department, list) in byDepartment)
        {
            using var s = File.Create(Path.Combine(dir, department + ".xlsx"));
            DepartmentLists.WriteXlsx(s, list);
        }
        return byDepartment.Count;
    }

    private static IngestStep Totals(string period, IReadOnlyList<DropCount> drops) => new(period, drops.Count,
        drops.Sum(d => d.Rows), drops.Sum(d => d.Accepted), drops.Sum(d => d.Held), drops.Sum(d => d.Rejected), drops.Count(d => d.Error is not null));

    private static void Arrive(string cityDir, string dropsDir, IEnumerable<string> drops)
    {
        foreach (var rel in drops)
        {
            var target = Path.Combine(dropsDir, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(cityDir, "drops", rel), target, overwrite: true);
        }
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)), overwrite: true);
    }

    private static string CityCode(string cityDir)
    {
        var gen = Path.Combine(cityDir, "truth", "generation.json");
        if (!File.Exists(gen)) return "630100";
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(gen));
        return doc.RootElement.TryGetProperty("city", out var c) ? c.GetString() ?? "630100" : "630100";
    }

    private static DateOnly PeriodStart(string period) => DateOnly.ParseExact(period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly PeriodEnd(string period) => PeriodStart(period).AddMonths(1).AddDays(-1);

    private static string Key(string pascal) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(pascal);
}
