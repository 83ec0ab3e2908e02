using System.Text.RegularExpressions;

namespace Canbao.Cli.Tests;

/// <summary>
/// The demo end to end on the committed sample city (2,000 generated persons, seed 2017, periods 2017-03 and 2017-06),
/// through the workflows on the in-process Durable Task backend. Expected counts are those of that city; they change only
/// when samples/city or the round's rules change.
/// </summary>
public sealed class DemoTests(DemoFixture demo) : IClassFixture<DemoFixture>
{
    [Fact]
    public void Every_row_of_every_drop_is_accounted_for()
    {
        var p1 = demo.Summary.Ingest[0];
        Assert.Equal(("2017-03", 92, 7_718L), (p1.Period, p1.Drops, p1.Rows));
        Assert.Equal(p1.Rows, p1.Accepted + p1.Held + p1.Rejected);
        Assert.Equal(67, p1.Rejected);
        var p2 = demo.Summary.Ingest[1];
        Assert.Equal(("2017-06", 42), (p2.Period, p2.Drops));
        Assert.Equal(p2.Rows, p2.Accepted + p2.Held + p2.Rejected);
        // Four 2017-06 deaths files are empty: the drop workflow leaves a zero-length drop as not ready (not imported).
        Assert.Equal((0, 4), (p1.FileErrors, p2.FileErrors));
        Assert.All(demo.Summary.Drops.Where(d => d.Error is not null), d => Assert.Contains("zero-length", d.Error));
    }

    [Fact]
    public void First_round_writes_every_person_and_finds_the_survey_tasks()
    {
        var r = demo.Summary.Round1;
        Assert.Equal(1_954, r.Persons);
        Assert.Equal(r.Persons, r.ChangedPersons);
        Assert.Equal(281, r.SurveyTasks);
    }

    [Fact]
    public void Survey_campaign_dispatches_a_roster_per_township_and_confirms_the_approved_results()
    {
        var s = demo.Summary.Survey;
        Assert.Equal(74, s.Rosters);
        Assert.Equal(demo.Summary.Round1.SurveyTasks, s.Dispatched + s.NoTownship);
        Assert.Equal(s.Dispatched, s.ResultRows);
        Assert.Equal(0, s.RowErrors);
        // Every roster approved; one was sent back once first and approved when returned again.
        Assert.Equal((74, 1), (s.Approved, s.SentBack));
        Assert.Equal(s.Dispatched, s.Funnel.Confirmed + s.Funnel.Unreachable);
        Assert.Equal((255, 24, 0), (s.Funnel.Confirmed, s.Funnel.Unreachable, s.Funnel.SentBack));

        var rosters = Path.Combine(demo.Summary.Outputs["rosters"]);
        Assert.Equal(74, Directory.GetFiles(rosters, "roster.xlsx", SearchOption.AllDirectories).Length);
        Assert.Equal(74, Directory.GetFiles(rosters, "roster.csv", SearchOption.AllDirectories).Length);
        Assert.Equal(74, Directory.GetFiles(rosters, "returned.csv", SearchOption.AllDirectories).Length);
        Assert.Equal(74, Directory.GetFiles(rosters, "confirmation.json", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public void Every_step_ran_as_a_workflow_instance_and_completed()
    {
        var byName = demo.Summary.Instances.GroupBy(i => i.Name).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(2, byName["ComparisonRoundOrchestrator"].Count);
        Assert.Single(byName["SurveyCampaignOrchestrator"]);
        Assert.Equal(74, byName["RosterSurveyOrchestrator"].Count);
        Assert.Single(byName["MonthlyReportOrchestrator"]);
        Assert.Equal(demo.Summary.Ingest.Sum(i => i.Drops), byName["DropIngestionOrchestrator"].Count);
        Assert.All(demo.Summary.Instances, i => Assert.Equal("Completed", i.Status));
        var messages = File.ReadAllLines(demo.Summary.Outputs["roster_messages"]);
        Assert.Equal(74, messages.Count(m => m.Contains("\"Dispatched\"", StringComparison.Ordinal)));
        Assert.Equal(75, messages.Count(m => m.Contains("\"ReviewRequested\"", StringComparison.Ordinal)));
        Assert.Equal(1, messages.Count(m => m.Contains("\"SentBack\"", StringComparison.Ordinal)));
    }

    [Fact]
    public void Second_period_changes_are_applied_as_change_events_then_a_second_round_runs()
    {
        var c = demo.Summary.Changes;
        Assert.Equal(3, c.Events["death"]);
        Assert.Equal(3, c.Events["migration_in"]);
        Assert.Equal(1, c.Events["birth"]);
        Assert.Equal(29, c.Events["enrollment_status_change"]);
        Assert.Equal(c.Events.Values.Sum(), c.Applied + c.Skipped + c.Parked);
        Assert.Equal(1_958, demo.Summary.Round2.Persons);
        // Only persons whose derived data changed (1,793 before the hash left out per-period source values; 61 before the
        // survey confirmation wrote outcomes and phones into the person records).
        Assert.Equal(65, demo.Summary.Round2.ChangedPersons);
        // The feed yields each changed person's latest version once: from no checkpoint, every person in the store.
        Assert.Equal(demo.Summary.Round2.Persons, c.FeedChanges);
        Assert.Equal(0, c.FeedParked);
    }

    [Fact]
    public void Evaluation_against_the_truth_is_high()
    {
        var e = demo.Summary.Evaluation;
        Assert.True(e.Precision >= 0.999, $"precision {e.Precision}");
        Assert.True(e.Recall >= 0.99, $"recall {e.Recall}");
        Assert.True(e.ClassificationAccuracy >= 0.98, $"accuracy {e.ClassificationAccuracy}");
    }

    [Fact]
    public void Reports_and_lists_are_written_where_the_summary_says()
    {
        var o = demo.Summary.Outputs;
        var png = File.ReadAllBytes(o["city_chart"]);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal("PK"u8.ToArray(), File.ReadAllBytes(o["city_report"])[..2]);
        var districtReports = Directory.GetFiles(o["monthly_reports"], "district-*.xlsx").Select(Path.GetFileName).ToList();
        foreach (var code in new[] { "630102", "630103", "630104", "630105", "630106", "630121", "630123" })
            Assert.Contains($"district-{code}.xlsx", districtReports);
        Assert.EndsWith(Path.Combine("reports", "monthly", "2017-06"), o["monthly_reports"]);
        Assert.NotEmpty(Directory.GetFiles(o["department_lists"], "*.xlsx"));
        Assert.True(File.Exists(o["person_store"]));
        Assert.True(File.Exists(Path.Combine(o["round2"], "problems.csv")));
        Assert.All(o.Values, p => Assert.True(File.Exists(p) || Directory.Exists(p), p));
        var coverage = demo.Summary.Coverage;
        Assert.InRange(coverage.Values.Sum(), 1_900, demo.Summary.Round2.Persons);
    }

    [Fact]
    public void Console_output_holds_no_resident_id()
    {
        var id = new Regex(@"\d{17}[\dXx]");
        Assert.DoesNotMatch(id, demo.Printed);
        Assert.All(demo.Progress, line => Assert.DoesNotMatch(id, line));
        Assert.Contains("survey funnel: dispatched", demo.Printed);
        Assert.Contains("through the workflows", demo.Printed);
    }
}
