using Canbao.Comparison;
using Canbao.Domain.Persons;

namespace Canbao.Comparison.Tests;

/// <summary>A second round over new drops changes only the persons whose data changed, and keeps what the round does not derive (issue 4, issue 5).</summary>
public class SecondRoundTests
{
    private static readonly string Zhao = Build.Id("63010219800101001");
    private static readonly string Qian = Build.Id("63010219850202002");
    private static readonly string Sun = Build.Id("63010219900303003");

    /// <summary>One period's drops: a registry and an enrollment extract; the 2017-06 extract writes insurance names and other dates.</summary>
    private static List<SourceRow> Period(string period, string qianPension = "参保缴费")
    {
        var june = period == "2017-06";
        SourceRow In(SourceRow r, string feed) => r with { Drop = $"{feed}/{period}-630102.csv" };
        SourceRow Enroll(string id, string name, string code, string label, string status = "参保缴费")
        {
            var r = In(Build.Enroll(id, name, june ? label : code, status), "enrollment");
            return r with { Fields = new Dictionary<string, string>(r.Fields) { ["enrollment_date"] = june ? "2006/2/22" : "2005-11-23" } };
        }
        return
        [
            .. World.Background(50).Select(r => In(r, "household_registry")),
            In(Build.Registry(Zhao, "赵子龙", "630102003"), "household_registry"),
            In(Build.Registry(Qian, "钱多多", "630102003"), "household_registry"),
            In(Build.Registry(Sun, "孙小美", "630102003"), "household_registry"),
            Enroll(Zhao, "赵子龙", "170", "城乡居民基本养老保险"),
            Enroll(Zhao, "赵子龙", "390", "城乡居民基本医疗保险"),
            Enroll(Qian, "钱多多", "170", "城乡居民基本养老保险", qianPension),
            Enroll(Qian, "钱多多", "390", "城乡居民基本医疗保险"),
            Enroll(Sun, "孙小美", "390", "城乡居民基本医疗保险"), // partly enrolled: a survey task
        ];
    }

    private static Task<RoundSummary> Round(MemoryStore store, string id, IEnumerable<SourceRow> rows) =>
        new ComparisonRound(store, new RoundOptions(id, Build.Date, Partitions: 3)).RunAsync(rows, 0, null);

    [Fact]
    public async Task A_rerun_on_the_same_drops_changes_no_person()
    {
        var store = new MemoryStore();
        var first = await Round(store, "r1", Period("2017-03"));
        Assert.Equal(53, first.ChangedPersons);
        var again = await Round(store, "r2", Period("2017-03"));
        Assert.Equal(0, again.ChangedPersons);
        Assert.Equal(53, again.Persons);
        Assert.Equal(first.Coverage, again.Coverage);
        Assert.Equal(53, store.Writes);
    }

    [Fact]
    public async Task A_new_period_where_one_enrollment_changed_changes_exactly_that_person()
    {
        var store = new MemoryStore();
        await Round(store, "round-2017-03", Period("2017-03"));
        Assert.Equal(CoverageStatus.FullyEnrolled, store.Persons[Qian].Coverage);

        // The June extract re-sends every row (insurance names instead of codes, other enrollment dates) beside the March
        // rows; only Qian's pension is now suspended.
        var second = await Round(store, "round-2017-06", [.. Period("2017-03"), .. Period("2017-06", qianPension: "暂停缴费")]);
        Assert.Equal(1, second.ChangedPersons);
        Assert.Equal(CoverageStatus.Lapsed, store.Persons[Qian].Coverage);
        Assert.Equal(["round-2017-03", "round-2017-06"], store.Persons[Qian].History.Select(h => h.Round));
        Assert.Equal(["round-2017-03"], store.Persons[Zhao].History.Select(h => h.Round));
    }

    [Fact]
    public async Task A_confirmed_survey_survives_a_second_round_that_did_not_change_the_person()
    {
        var store = new MemoryStore();
        await Round(store, "round-2017-03", Period("2017-03"));
        var sun = store.Persons[Sun];
        Assert.Equal(new SurveyState("to_survey", "partly_enrolled", "630102003"), sun.Survey);
        // The survey campaign confirms the result (as PersonUpdater does: the stored hash stays the round's).
        sun.Survey = sun.Survey! with { Status = "confirmed" };
        sun.Phone = "13900000000";
        sun.History.Add(new AuditEntry("2017-04-25T00:00:00Z", "round-2017-03", "survey confirmed"));

        var second = await Round(store, "round-2017-06", [.. Period("2017-03"), .. Period("2017-06", qianPension: "暂停缴费")]);
        Assert.Equal(1, second.ChangedPersons); // Qian only
        Assert.Equal("confirmed", store.Persons[Sun].Survey!.Status);
        Assert.Equal("13900000000", store.Persons[Sun].Phone);
        Assert.Equal(52, second.SurveyTasks); // 50 background (not enrolled), Sun (confirmed), Qian (lapsed: a new task)
        Assert.Equal(new SurveyState("to_survey", "lapsed", "630102003"), store.Persons[Qian].Survey);
    }

    [Fact]
    public void Merge_keeps_survey_results_aliases_and_history_and_reopens_a_task_only_when_uncovered_again()
    {
        PersonRecord Derived(CoverageStatus c) => new()
        {
            Id = Sun, DistrictCode = "630102", Coverage = c, Aliases = ["630102900303003"],
            Survey = PersonAssembler.SurveyStatuses.Contains(c) ? new SurveyState("to_survey", "lapsed", "630102003") : null,
            History = [new AuditEntry("2017-06-30", "r2", "compared")],
        };
        PersonRecord Stored(CoverageStatus c, string survey) => new()
        {
            Id = Sun, DistrictCode = "630102", Coverage = c, Phone = "13900000000", Aliases = ["x"],
            Survey = new SurveyState(survey, "partly_enrolled", "630102003"), History = [new AuditEntry("2017-03-31", "r1", "created")],
        };

        var still = RecordMerger.Merge(Derived(CoverageStatus.Lapsed), Stored(CoverageStatus.PartlyEnrolled, "confirmed"));
        Assert.Equal(new SurveyState("confirmed", "partly_enrolled", "630102003"), still.Survey);
        Assert.Equal("13900000000", still.Phone);
        Assert.Equal(["x", "630102900303003"], still.Aliases);
        Assert.Equal(["r1", "r2"], still.History.Select(h => h.Round));

        var again = RecordMerger.Merge(Derived(CoverageStatus.Lapsed), Stored(CoverageStatus.FullyEnrolled, "confirmed"));
        Assert.Equal(new SurveyState("to_survey", "lapsed", "630102003"), again.Survey);

        Assert.Null(RecordMerger.Merge(Derived(CoverageStatus.FullyEnrolled), Stored(CoverageStatus.NotEnrolled, "to_survey")).Survey);
        Assert.Equal("unreachable", RecordMerger.Merge(Derived(CoverageStatus.FullyEnrolled), Stored(CoverageStatus.NotEnrolled, "unreachable")).Survey!.Status);
    }
}
