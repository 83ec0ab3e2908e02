using Canbao.Domain.Standard;

namespace Canbao.Reports.Progress;

/// <summary>
/// The survey funnel (入户调查进度): how many survey tasks reached each stage, cumulatively — a task that is confirmed
/// also counts as dispatched, visited, entered and reviewed. Stages from the survey lifecycle:
/// dispatched → visited → entered → reviewed → confirmed; sent back and unreachable are counted beside it.
/// </summary>
/// <param name="Dispatched">已派发: tasks on a roster.</param>
/// <param name="Visited">已入户: visited (or found unreachable after the required visits).</param>
/// <param name="Entered">已录入: result entered.</param>
/// <param name="Reviewed">已审核: result reviewed.</param>
/// <param name="Confirmed">已确认: applied to the person record.</param>
/// <param name="SentBack">已退回: results currently sent back for a new visit.</param>
/// <param name="Unreachable">无法联系.</param>
public sealed record SurveyFunnel(int Dispatched, int Visited, int Entered, int Reviewed, int Confirmed, int SentBack, int Unreachable)
{
    /// <summary>An empty funnel.</summary>
    public static readonly SurveyFunnel Empty = new(0, 0, 0, 0, 0, 0, 0);

    /// <summary>Stage-wise sum.</summary>
    public static SurveyFunnel operator +(SurveyFunnel a, SurveyFunnel b) =>
        new(a.Dispatched + b.Dispatched, a.Visited + b.Visited, a.Entered + b.Entered, a.Reviewed + b.Reviewed,
            a.Confirmed + b.Confirmed, a.SentBack + b.SentBack, a.Unreachable + b.Unreachable);
}

/// <summary>
/// Progress figures of one area (a district in the city report, a township in a district report) at a point in time.
/// Coverage rate (参保率) = <see cref="Enrolled"/> / <see cref="Registered"/>: persons enrolled and paying in at least one
/// of the five insurances over persons registered in scope (the plan's 户籍 population plus residence-permit holders).
/// </summary>
/// <param name="Code">6-digit district code or 9-digit township code.</param>
/// <param name="Name">Its name, e.g. 城东区.</param>
/// <param name="Registered">登记人数: persons in scope with a person record.</param>
/// <param name="Enrolled">参保人数: persons paying into at least one insurance.</param>
/// <param name="FullyEnrolled">全险种参保: coverage status fully enrolled.</param>
/// <param name="NotEnrolled">未参保: coverage status not enrolled.</param>
/// <param name="EnrolledByType">Persons paying into each insurance type (types absent count 0).</param>
/// <param name="Funnel">Survey funnel of the area.</param>
/// <param name="RejectedRows">拒收行数: department rows rejected for this area's persons (or city-wide in the city total).</param>
public sealed record ProgressFigures(
    string Code,
    string Name,
    int Registered,
    int Enrolled,
    int FullyEnrolled,
    int NotEnrolled,
    IReadOnlyDictionary<InsuranceType, int> EnrolledByType,
    SurveyFunnel Funnel,
    int RejectedRows)
{
    /// <summary>参保率 in [0, 1]; 0 when nobody is registered.</summary>
    public double CoverageRate => Registered == 0 ? 0 : (double)Enrolled / Registered;

    /// <summary>Persons paying into <paramref name="type"/>.</summary>
    public int EnrolledIn(InsuranceType type) => EnrolledByType.TryGetValue(type, out var n) ? n : 0;

    /// <summary>The sum of several areas' figures under a new code and name (e.g. the city total).</summary>
    public static ProgressFigures Total(string code, string name, IEnumerable<ProgressFigures> parts)
    {
        var list = parts.ToList();
        return new ProgressFigures(code, name, list.Sum(p => p.Registered), list.Sum(p => p.Enrolled),
            list.Sum(p => p.FullyEnrolled), list.Sum(p => p.NotEnrolled),
            InsuranceVocabulary.AllTypes.ToDictionary(t => t, t => list.Sum(p => p.EnrolledIn(t))),
            list.Aggregate(SurveyFunnel.Empty, (a, p) => a + p.Funnel), list.Sum(p => p.RejectedRows));
    }
}

/// <summary>
/// A monthly progress report (月度进度报告) for a district (rows = its townships) or for the city (rows = its districts).
/// The plan's schedule: districts report by the 25th of the month, the city by the 30th.
/// </summary>
/// <param name="Month">The reporting month.</param>
/// <param name="ScopeCode">City code (e.g. 630100) or district code.</param>
/// <param name="ScopeName">City or district name.</param>
/// <param name="IsCity">True for the city report (rows are districts).</param>
/// <param name="Rows">One row per district (city report) or township (district report).</param>
/// <param name="GeneratedAt">When the report was made.</param>
public sealed record MonthlyReport(DateOnly Month, string ScopeCode, string ScopeName, bool IsCity, IReadOnlyList<ProgressFigures> Rows, DateTimeOffset GeneratedAt)
{
    /// <summary>The scope's total row (合计).</summary>
    public ProgressFigures Total => ProgressFigures.Total(ScopeCode, ScopeName + "合计", Rows);

    /// <summary>Due date: the 25th of the month for a district, the last day (30th, or the month's end) for the city.</summary>
    public DateOnly DueDate => IsCity
        ? new DateOnly(Month.Year, Month.Month, Math.Min(30, DateTime.DaysInMonth(Month.Year, Month.Month)))
        : new DateOnly(Month.Year, Month.Month, 25);
}
