using System.Text.Json.Serialization;
using Canbao.Comparison;

namespace Canbao.Cli.Demo;

/// <summary>Drops of one period: totals of <see cref="DropCount"/>s.</summary>
/// <param name="Period">yyyy-MM.</param>
/// <param name="Drops">Files.</param>
/// <param name="Rows">Data rows (= Accepted + Held + Rejected).</param>
/// <param name="Accepted">Rows accepted without findings.</param>
/// <param name="Held">Rows accepted with warnings (need review).</param>
/// <param name="Rejected">Rows rejected, each with row, column and reason (see the drop report).</param>
/// <param name="FileErrors">Files the drop workflow did not import: empty (not ready), unreadable (quarantined).</param>
public sealed record IngestStep(string Period, int Drops, long Rows, long Accepted, long Held, long Rejected, int FileErrors);

/// <summary>The survey campaign (入户调查) after dispatch, simulated returns, review and confirmation.</summary>
/// <param name="Rosters">Rosters dispatched (one per township/street).</param>
/// <param name="Dispatched">Survey tasks on the rosters.</param>
/// <param name="NoTownship">The round's survey tasks on no roster: no residence township, or a residence outside the city's districts (listed in the round's rosters/unknown_township.csv).</param>
/// <param name="Returned">Filled rosters read back.</param>
/// <param name="ResultRows">Result rows read back.</param>
/// <param name="RowErrors">Rows the reader could not take (with row and column in the reading).</param>
/// <param name="Approved">Rosters approved on review.</param>
/// <param name="SentBack">Rosters sent back on review.</param>
/// <param name="Funnel">Dispatched → visited → entered → reviewed → confirmed, plus sent back and unreachable (tasks).</param>
public sealed record SurveyStep(int Rosters, int Dispatched, int NoTownship, int Returned, int ResultRows, int RowErrors, int Approved, int SentBack,
    Reports.Progress.SurveyFunnel Funnel);

/// <summary>The second period's change events applied through the store's change-event processor.</summary>
/// <param name="Events">Events built from the period's change drops, per kind (snake_case).</param>
/// <param name="Applied">Applied or created.</param>
/// <param name="Skipped">Already applied or superseded.</param>
/// <param name="Parked">Parked (e.g. no master record).</param>
/// <param name="UnusableRows">Change rows without a usable resident ID, kind or date.</param>
public sealed record ChangeStep(IReadOnlyDictionary<string, int> Events, int Applied, int Skipped, int Parked, int UnusableRows)
{
    /// <summary>Person changes the change-feed consumer read (every write since its checkpoint: both rounds, survey results, change events).</summary>
    public long FeedChanges { get; init; }

    /// <summary>Changes the consumer parked after its retries.</summary>
    public long FeedParked { get; init; }
}

/// <summary>Evaluation against the synthetic city's truth (latest period).</summary>
/// <param name="Precision">Resolution precision.</param>
/// <param name="Recall">Resolution recall.</param>
/// <param name="F1">Resolution F1.</param>
/// <param name="ClassificationAccuracy">Share of persons whose coverage status equals the truth's.</param>
public sealed record EvaluationStep(double Precision, double Recall, double F1, double ClassificationAccuracy);

/// <summary>Everything <c>canbao demo</c> did, with counts per step and the path of every output.</summary>
/// <param name="OutDir">The demo folder.</param>
/// <param name="Ingest">Drops per period.</param>
/// <param name="Round1">The first comparison round.</param>
/// <param name="Survey">The survey campaign.</param>
/// <param name="Changes">The second period's change events.</param>
/// <param name="Round2">The second round (only changed persons written: <see cref="RoundSummary.ChangedPersons"/>).</param>
/// <param name="Coverage">Persons per coverage status in the store at the end.</param>
/// <param name="Evaluation">Figures against the truth.</param>
/// <param name="Outputs">Output paths by name.</param>
/// <param name="ElapsedS">Wall time in seconds.</param>
public sealed record DemoSummary(string OutDir, IReadOnlyList<IngestStep> Ingest, RoundSummary Round1, SurveyStep Survey, ChangeStep Changes,
    RoundSummary Round2, IReadOnlyDictionary<string, int> Coverage, EvaluationStep Evaluation, IReadOnlyDictionary<string, string> Outputs, double ElapsedS)
{
    /// <summary>Every drop's account, both periods (for the operator API; not in summary.json).</summary>
    [JsonIgnore] public IReadOnlyList<DropCount> Drops { get; init; } = [];

    /// <summary>District figures right after the first round (the trend's first point; not in summary.json).</summary>
    [JsonIgnore] public IReadOnlyList<Reports.Progress.ProgressFigures> Round1Districts { get; init; } = [];

    /// <summary>The workflow instances the demo ran, newest first (for the operator API; not in summary.json).</summary>
    [JsonIgnore] public IReadOnlyList<Operator.Data.InstanceView> Instances { get; init; } = [];
}
