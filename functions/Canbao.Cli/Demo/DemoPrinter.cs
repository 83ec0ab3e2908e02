using System.Globalization;

namespace Canbao.Cli.Demo;

/// <summary>Prints a <see cref="DemoSummary"/> for people: counts per step, coverage by status, survey funnel, output paths.
/// Counts only: no resident ID, name or phone.</summary>
public static class DemoPrinter
{
    /// <summary>Writes the summary to <paramref name="w"/>.</summary>
    public static void Print(TextWriter w, DemoSummary s)
    {
        var c = CultureInfo.InvariantCulture;
        w.WriteLine($"canbao demo — summary ({s.ElapsedS.ToString("0.0", c)} s)");
        w.WriteLine("  (through the workflows — drop ingestion, comparison round, survey campaign with roster workflows, monthly report — on an in-process Durable Task backend)");
        foreach (var i in s.Ingest)
            w.WriteLine($"  ingest {i.Period}: {i.Drops} drops, {i.Rows:N0} rows = {i.Accepted:N0} accepted + {i.Held:N0} held + {i.Rejected:N0} rejected; {i.FileErrors} not imported (empty or unreadable)");
        foreach (var r in new[] { s.Round1, s.Round2 })
            w.WriteLine($"  {r.Round}: {r.Persons:N0} persons, {r.ChangedPersons:N0} changed and written, {r.SurveyTasks:N0} survey tasks, {r.RejectedRows:N0} rows not used");
        var v = s.Survey;
        w.WriteLine($"  survey campaign: {v.Rosters} rosters, {v.Dispatched:N0} tasks ({v.NoTownship} on no roster: no township in the city), {v.ResultRows:N0} results read back, " +
                    $"{v.RowErrors} row errors; review {v.Approved} approved, {v.SentBack} sent back");
        var f = v.Funnel;
        // The funnel counts person records by their survey state at the end (after round 2), not campaign events: a roster
        // sent back and approved later counts as confirmed, and round 2 may reopen or add tasks.
        w.WriteLine($"  survey funnel: dispatched {f.Dispatched:N0} → visited {f.Visited:N0} → entered {f.Entered:N0} → reviewed {f.Reviewed:N0} → confirmed {f.Confirmed:N0}; " +
                    $"still sent back {f.SentBack:N0}, unreachable {f.Unreachable:N0} (person records by survey state at the end, after round 2)");
        var ch = s.Changes;
        w.WriteLine($"  change events: {string.Join(", ", ch.Events.Select(e => $"{e.Key} {e.Value:N0}"))}; applied {ch.Applied:N0}, skipped {ch.Skipped:N0}, parked {ch.Parked:N0}; {ch.UnusableRows} rows unusable");
        w.WriteLine($"  change feed: {ch.FeedChanges:N0} person changes consumed into the derived data ({ch.FeedParked} parked)");
        w.WriteLine($"  second round changed {s.Round2.ChangedPersons:N0} of {s.Round2.Persons:N0} persons");
        w.WriteLine("  coverage by status (store, end):");
        foreach (var (status, n) in s.Coverage.Where(x => x.Value > 0)) w.WriteLine($"    {status,-26} {n,8:N0}");
        var e = s.Evaluation;
        w.WriteLine($"  evaluation against the truth: precision {e.Precision.ToString("0.0000", c)}, recall {e.Recall.ToString("0.0000", c)}, " +
                    $"f1 {e.F1.ToString("0.0000", c)}, classification accuracy {e.ClassificationAccuracy.ToString("0.0000", c)}");
        w.WriteLine("  outputs:");
        foreach (var (name, path) in s.Outputs) w.WriteLine($"    {name,-18} {path}");
    }
}
