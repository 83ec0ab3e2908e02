namespace Canbao.Workflows.Contracts;

/// <summary>Input of <see cref="Reports.MonthlyReportOrchestrator"/> (carried over ContinueAsNew).</summary>
/// <param name="Year">Report year.</param>
/// <param name="Month">Report month 1–12.</param>
/// <param name="RetainDays">Completed orchestration history older than this many days is purged each month.</param>
/// <param name="Until">Last period to report, <c>yyyy-MM</c>; null = forever (eternal orchestration). For backfill and tests.</param>
public sealed record MonthlyReportInput(int Year, int Month, int RetainDays = 90, string? Until = null)
{
    /// <summary>The period as <c>yyyy-MM</c>.</summary>
    public string Period => $"{Year:D4}-{Month:D2}";
}

/// <summary>A report period, <c>yyyy-MM</c>, handed to the report writer.</summary>
/// <param name="Period">Period, e.g. <c>2026-11</c>.</param>
public sealed record ReportRequest(string Period);

/// <summary>A written report.</summary>
/// <param name="Period">Period.</param>
/// <param name="Reports">Reports written (districts: one per district; city: 1).</param>
/// <param name="Ref">Reference of the report output.</param>
public sealed record ReportRef(string Period, int Reports, string Ref);

/// <summary>Purge of completed orchestration history.</summary>
/// <param name="CompletedBefore">Instances completed before this instant (UTC) are purged.</param>
public sealed record PurgeRequest(DateTime CompletedBefore);

/// <summary>Result of the last period of a bounded monthly report run.</summary>
/// <param name="LastPeriod">Last period reported.</param>
/// <param name="Periods">Periods reported by this instance chain's last generation (1).</param>
/// <param name="Purged">Instances purged in the last period.</param>
public sealed record MonthlyReportResult(string LastPeriod, int Periods, int Purged);
