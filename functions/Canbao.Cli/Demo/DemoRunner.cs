using System.Diagnostics;
using System.Globalization;
using Canbao.Comparison;
using Canbao.Domain.Changes;
using Canbao.Domain.Identifiers;
using Canbao.Domain.Persons;
using Canbao.Domain.Standard;
using Canbao.Operator.Data;
using Canbao.Reports.Departments;
using Canbao.Reports.Progress;
using Canbao.Reports.Rosters;
using Canbao.Store;
using Canbao.Store.Sqlite;
using Canbao.Synthetic;
using nietras.SeparatedValues;

namespace Canbao.Cli.Demo;

/// <summary>
/// The whole job on the embedded default (DESIGN "The job, step by step"), in one process, on a copy of a synthetic city:
/// ingest the first period's drops, comparison round into a SQLite person store, survey campaign (rosters per township,
/// simulated returns, review, confirmation), the second period's change events through <see cref="ChangeEventProcessor"/>,
/// a second round, monthly reports and department lists, evaluation against the truth.
/// It calls the shared components the workflow activities call, in the workflows' order, not the Durable Task
/// orchestrations themselves (see README "The demo").
/// </summary>
public static class DemoRunner
{
    /// <summary>File the demo leaves in its folder so a later run knows the folder is its own to wipe.</summary>
    public const string DemoMarker = ".canbao-demo";

    /// <summary>Runs the demo.</summary>
    /// <param name="sampleCity">The city folder holding drops/ and truth/ (e.g. samples/city); copied, never changed.</param>
    /// <param name="outDir">The demo folder; wiped first when it is empty or was written by a previous demo, else refused (IOException).</param>
    /// <param name="progress">Receives one progress line per step (no resident IDs, names or phones).</param>
    /// <param name="ct">Cancellation.</param>
    /// <exception cref="DirectoryNotFoundException">The sample city has no drops/ or truth/.</exception>
    public static async Task<DemoSummary> RunAsync(string sampleCity, string outDir, Action<string> progress, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
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
        var dropsDir = Path.Combine(outDir, "drops");
        var first = allDrops.Where(f => Path.GetFileName(f).StartsWith(p1, StringComparison.Ordinal) || !Path.GetFileName(f).StartsWith(p2, StringComparison.Ordinal)).ToList();
        var second = allDrops.Except(first).ToList();
        Arrive(cityDir, dropsDir, first);
        outputs["sample_city"] = cityDir;
        outputs["drops"] = dropsDir;
        progress($"[1/8] sample city copied to {cityDir}; {first.Count} drops of {p1} arrive in {dropsDir}");

        // 2. Ingest (per-drop account) and the first comparison round.
        var ingest = new List<IngestStep>();
        var tally1 = DropTally.Count(dropsDir, first, d1);
        ingest.Add(Totals(p1, tally1));
        var storeFile = Path.Combine(outDir, "persons.db");
        outputs["person_store"] = storeFile;
        var store = new SqlitePersonStore(storeFile);
        var round1Dir = Path.Combine(outDir, "rounds", $"round-{p1}");
        var round1 = await RoundAsync(store, $"round-{p1}", d1, dropsDir, round1Dir, ct);
        outputs["round1"] = round1Dir;
        progress($"[2/8] {p1}: {ingest[0].Drops} drops, {ingest[0].Rows:N0} rows ({ingest[0].Accepted:N0} accepted, {ingest[0].Held:N0} held, {ingest[0].Rejected:N0} rejected); " +
                 $"round {round1.Round}: {round1.Persons:N0} persons, {round1.SurveyTasks:N0} survey tasks");

        var map0 = CityMap.Load(CityCode(cityDir));
        var afterRound1 = await PersonsAsync(store, map0, ct);
        var round1Districts = map0.Districts.Select(d => StoreOperatorData.Figures(d.Code, d.Name, afterRound1.Where(p => p.DistrictCode == d.Code).ToList(),
            SurveyFunnel.Empty, tally1.Where(t => t.DistrictCode == d.Code).Sum(t => (int)t.Rejected))).ToList();

        // 3–4. Survey campaign: rosters, simulated returns, review, confirmation.
        var map = map0;
        var (survey, funnels) = await SurveyAsync(store, map, round1.Round, d1, Path.Combine(cityDir, "truth", "persons.csv"), p1, Path.Combine(outDir, "survey"), progress, ct);
        survey = survey with { NoTownship = round1.SurveyTasks - survey.Dispatched };
        outputs["rosters"] = Path.Combine(outDir, "survey", "dispatched");
        outputs["returned_rosters"] = Path.Combine(outDir, "survey", "returned");

        // 5. Second period: change events through the store, then a second round over all drops.
        Arrive(cityDir, dropsDir, second);
        var tally2 = DropTally.Count(dropsDir, second, d2);
        ingest.Add(Totals(p2, tally2));
        var unusable = 0;
        var changeDrops = second.Where(f => FeedCatalog.All.First(x => x.Id == f.Split('/')[0]) is { } feed
            && (feed.Role == FeedRole.Change || feed.Id is "enrollment" or "residence_permit")).ToList();
        var events = await ChangeEventsFromDrops.ReadAsync(dropsDir, changeDrops, d2, store, n => unusable += n, ct);
        var report = await new ChangeEventProcessor(store).ApplyAsync(events, ct);
        var changes = new ChangeStep(
            events.GroupBy(e => Key(e.Kind.ToString())).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            report.Applied, report.Skipped, report.Parked, unusable);
        progress($"[5/8] {p2}: {ingest[1].Drops} drops; {events.Count:N0} change events ({report.Applied:N0} applied, {report.Skipped:N0} skipped, {report.Parked:N0} parked)");
        var round2Dir = Path.Combine(outDir, "rounds", $"round-{p2}");
        var round2 = await RoundAsync(store, $"round-{p2}", d2, dropsDir, round2Dir, ct);
        outputs["round2"] = round2Dir;
        progress($"[5/8] round {round2.Round}: {round2.Persons:N0} persons, {round2.ChangedPersons:N0} changed and written");

        // 6. Monthly reports and department lists.
        var reportDir = Path.Combine(outDir, "reports");
        var persons = await PersonsAsync(store, map, ct);
        WriteReports(map, persons, funnels, tally1.Concat(tally2).ToList(), PeriodStart(p2), reportDir, outputs);
        var lists = WriteDepartmentLists(Path.Combine(round2Dir, "problems.csv"), Path.Combine(reportDir, "departments"));
        outputs["department_lists"] = Path.Combine(reportDir, "departments");
        progress($"[6/8] monthly reports ({map.Districts.Count} districts + city, chart) and {lists} department lists in {reportDir}");

        // 7. Evaluation against the truth.
        var eval = await Evaluation.RunAsync(Path.Combine(cityDir, "truth"), store, ct);
        var evaluation = new EvaluationStep(eval.Resolution.Precision, eval.Resolution.Recall, eval.Resolution.F1, eval.Classification.Accuracy);
        progress($"[7/8] evaluation: precision {evaluation.Precision:0.0000}, recall {evaluation.Recall:0.0000}, classification accuracy {evaluation.ClassificationAccuracy:0.0000}");

        var coverage = Enum.GetValues<CoverageStatus>().ToDictionary(ComparisonRound.Key, s => persons.Count(p => p.Coverage == s));
        var summaryFile = Path.Combine(outDir, "summary.json");
        outputs["summary"] = summaryFile;
        var summary = new DemoSummary(outDir, ingest, round1, survey, changes, round2, coverage, evaluation, outputs, Math.Round(clock.Elapsed.TotalSeconds, 1))
        {
            Drops = [.. tally1, .. tally2],
            Round1Districts = round1Districts,
        };
        await File.WriteAllTextAsync(summaryFile, System.Text.Json.JsonSerializer.Serialize(summary, Commands.RunCommand.Json), ct);
        return summary;
    }

    private static async Task<RoundSummary> RoundAsync(IPersonStore store, string roundId, DateOnly day, string dropsDir, string outDir, CancellationToken ct)
    {
        var account = new DropAccount();
        var round = new ComparisonRound(store, new RoundOptions(roundId, day, 4));
        var summary = await round.RunAsync(DropSource.Read(dropsDir, day, account), 0, outDir, account.FileErrors, ct);
        return summary with { RejectedRows = summary.RejectedRows + account.Rejected, Detail = summary.Detail! with { RowsRead = account.Rows } };
    }

    private static async Task<(SurveyStep, Dictionary<string, SurveyFunnel>)> SurveyAsync(IPersonStore store, CityMap map, string campaign, DateOnly day,
        string truthCsv, string period, string surveyDir, Action<string> progress, CancellationToken ct)
    {
        var dispatched = Path.Combine(surveyDir, "dispatched");
        var returned = Path.Combine(surveyDir, "returned");
        Directory.CreateDirectory(dispatched);
        Directory.CreateDirectory(returned);
        var onSurvey = (await PersonsAsync(store, map, ct)).Where(p => p.Survey is not null).ToList();
        var noTownship = onSurvey.Count(p => p.TownshipCode.Length != 9);
        var townships = TownshipDirectory.Default;
        var rosters = onSurvey.Where(p => p.TownshipCode.Length == 9).GroupBy(p => p.TownshipCode).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new Roster(g.Key, townships.Find(g.Key)?.Name ?? g.Key, g.Key[..6], campaign, day.AddDays(30),
                g.OrderBy(p => p.Id, StringComparer.Ordinal).Select((p, i) => Entry(campaign, g.Key, i + 1, p)).ToList()))
            .ToList();
        foreach (var r in rosters)
        {
            using (var x = File.Create(Path.Combine(dispatched, r.TownshipCode + ".xlsx"))) RosterWriter.WriteXlsx(x, r);
            using (var c = File.Create(Path.Combine(dispatched, r.TownshipCode + ".csv"))) RosterWriter.WriteCsv(c, r);
        }
        var tasks = rosters.Sum(r => r.Entries.Count);
        progress($"[3/8] survey campaign {campaign}: {rosters.Count} rosters (XLSX + CSV), {tasks:N0} survey tasks dispatched in {dispatched}");

        // Township staff return the rosters filled in; the operator reviews them: one is sent back, the rest approved and confirmed.
        var simulation = new SurveySimulation(SurveySimulation.LoadTruth(truthCsv, period), day.AddDays(20));
        var funnels = new Dictionary<string, SurveyFunnel>(StringComparer.Ordinal);
        var updater = new PersonUpdater(store);
        int resultRows = 0, rowErrors = 0, approved = 0, sentBack = 0;
        var sendBack = rosters.FirstOrDefault(r => r.Entries.Count > 1)?.TownshipCode;
        var at = day.AddDays(25).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z";
        foreach (var r in rosters)
        {
            var path = Path.Combine(returned, r.TownshipCode + ".csv");
            simulation.Fill(r, path);
            RosterReadResult read;
            using (var s = File.OpenRead(path)) read = SurveyResultReader.Read(s, day.AddDays(25));
            resultRows += read.Results.Count;
            rowErrors += read.Errors.Count;
            var registered = read.Results.Count(x => x.Outcome == SurveyOutcome.Registered);
            var unreachable = read.Results.Count(x => x.Outcome == SurveyOutcome.Unreachable);
            var back = r.TownshipCode == sendBack;
            if (back) sentBack++; else approved++;
            var confirmed = 0;
            foreach (var result in read.Results)
            {
                var status = back ? "sent_back" : result.Outcome == SurveyOutcome.Registered ? "confirmed" : "unreachable";
                var written = await updater.UpdateAsync(result.ResidentId, (p, _) =>
                {
                    p.Survey = new SurveyState(status, p.Survey?.Reason ?? "", r.TownshipCode);
                    if (status == "confirmed" && result.Phone.Length > 0) p.Phone = result.Phone;
                    p.History.Add(new AuditEntry(at, campaign, $"survey {status}"));
                    return true;
                }, ct);
                if (written.Status == UpdateStatus.Written && status == "confirmed") confirmed++;
            }
            var f = new SurveyFunnel(r.Entries.Count, registered + unreachable, registered, back ? 0 : registered, confirmed, back ? read.Results.Count : 0, back ? 0 : unreachable);
            funnels[r.DistrictCode] = funnels.GetValueOrDefault(r.DistrictCode, SurveyFunnel.Empty) + f;
        }
        var total = funnels.Values.Aggregate(SurveyFunnel.Empty, (a, b) => a + b);
        progress($"[4/8] {rosters.Count} filled rosters read back ({resultRows:N0} results, {rowErrors} row errors); review: {approved} approved, {sentBack} sent back; " +
                 $"{total.Confirmed:N0} confirmed, {total.Unreachable:N0} unreachable");
        return (new SurveyStep(rosters.Count, tasks, noTownship, rosters.Count, resultRows, rowErrors, approved, sentBack, total), funnels);
    }

    private static RosterEntry Entry(string campaign, string township, int n, PersonRecord p) => new(
        $"{campaign}/{township}/{n:D4}", p.Id, p.Name, p.Sex switch { Sex.Male => "男", Sex.Female => "女", _ => "" },
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

    private static void WriteReports(CityMap map, List<PersonRecord> persons, Dictionary<string, SurveyFunnel> funnels, List<DropCount> drops,
        DateOnly month, string reportDir, IDictionary<string, string> outputs)
    {
        var monthly = Path.Combine(reportDir, "monthly");
        Directory.CreateDirectory(monthly);
        var now = DateTimeOffset.UtcNow;
        var rejected = drops.GroupBy(d => d.DistrictCode).ToDictionary(g => g.Key, g => (int)g.Sum(d => d.Rejected));
        var districtRows = new List<ProgressFigures>();
        foreach (var d in map.Districts)
        {
            var inDistrict = persons.Where(p => p.DistrictCode == d.Code).ToList();
            var townshipRows = inDistrict.GroupBy(p => p.TownshipCode.Length == 9 ? p.TownshipCode : "").OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => StoreOperatorData.Figures(g.Key.Length == 0 ? d.Code + "000" : g.Key,
                    g.Key.Length == 0 ? "未知街道" : d.Townships.FirstOrDefault(t => t.Code == g.Key)?.Name ?? g.Key, g.ToList(), SurveyFunnel.Empty, 0)).ToList();
            var districtReport = new MonthlyReport(month, d.Code, d.Name, false, townshipRows, now);
            var file = Path.Combine(monthly, $"district-{d.Code}-{month:yyyy-MM}.xlsx");
            using (var s = File.Create(file)) MonthlyReportWriter.WriteXlsx(s, districtReport);
            districtRows.Add(StoreOperatorData.Figures(d.Code, d.Name, inDistrict, funnels.GetValueOrDefault(d.Code, SurveyFunnel.Empty), rejected.GetValueOrDefault(d.Code)));
        }
        var city = new MonthlyReport(month, map.CityCode, map.CityName, true, districtRows, now);
        var cityFile = Path.Combine(monthly, $"city-{map.CityCode}-{month:yyyy-MM}.xlsx");
        using (var s = File.Create(cityFile)) MonthlyReportWriter.WriteXlsx(s, city);
        var chart = Path.Combine(monthly, $"city-{map.CityCode}-{month:yyyy-MM}.png");
        File.WriteAllBytes(chart, ProgressChart.RenderPng(city));
        outputs["monthly_reports"] = monthly;
        outputs["city_report"] = cityFile;
        outputs["city_chart"] = chart;
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
