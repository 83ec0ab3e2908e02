using Canbao.Domain.Standard;

namespace Canbao.Reports.Rosters;

/// <summary>What the surveyor found (调查结果).</summary>
public enum SurveyOutcome
{
    /// <summary>已登记: visited and the registration form filled in.</summary>
    Registered,
    /// <summary>无法联系: could not be reached (after the visits the campaign requires).</summary>
    Unreachable,
    /// <summary>已迁出: no longer lives in the township.</summary>
    MovedAway,
    /// <summary>已死亡: deceased.</summary>
    Deceased,
}

/// <summary>Chinese forms of <see cref="SurveyOutcome"/> as written on the roster.</summary>
public static class SurveyOutcomes
{
    /// <summary>The Chinese text written on the roster for an outcome.</summary>
    public static string ChineseName(SurveyOutcome o) => o switch
    {
        SurveyOutcome.Registered => "已登记",
        SurveyOutcome.Unreachable => "无法联系",
        SurveyOutcome.MovedAway => "已迁出",
        SurveyOutcome.Deceased => "已死亡",
        _ => throw new ArgumentOutOfRangeException(nameof(o)),
    };

    /// <summary>Reads an outcome from the roster text (Chinese name, or the English enum name); trimmed, case-insensitive.</summary>
    public static bool TryParse(string? text, out SurveyOutcome outcome)
    {
        var t = (text ?? "").Trim();
        foreach (var o in Enum.GetValues<SurveyOutcome>())
        {
            if (t == ChineseName(o) || string.Equals(t, o.ToString(), StringComparison.OrdinalIgnoreCase)) { outcome = o; return true; }
        }
        outcome = default;
        return false;
    }
}

/// <summary>
/// One filled roster row read back: a survey result for one task. Insurance types absent from
/// <see cref="Enrollment"/> were marked 未参保 (not enrolled) or left empty.
/// </summary>
/// <param name="Row">1-based spreadsheet row (the header is row 1) or CSV record number + 1.</param>
/// <param name="TaskId">The survey task id from the roster.</param>
/// <param name="ResidentId">Canonical 18-character resident ID (validated; a 15-digit one is upgraded).</param>
/// <param name="Name">Name as on the roster (a surveyor may correct it).</param>
/// <param name="Phone">联系电话 as filled in (trimmed).</param>
/// <param name="ResidenceAddress">居住地址 as filled in.</param>
/// <param name="EmploymentStatus">就业状态.</param>
/// <param name="EmployerName">工作单位.</param>
/// <param name="EmployerUscc">统一社会信用代码 of the employer, as written (validated downstream).</param>
/// <param name="Enrollment">Status per insurance type the surveyor marked as enrolled.</param>
/// <param name="EnrollmentRegion">参保地区划代码 as written.</param>
/// <param name="UnenrolledReason">未参保原因.</param>
/// <param name="Outcome">调查结果.</param>
/// <param name="Surveyor">调查员.</param>
/// <param name="SurveyDate">调查日期, or null when empty.</param>
/// <param name="Note">备注.</param>
public sealed record SurveyResult(
    int Row,
    string TaskId,
    string ResidentId,
    string Name,
    string Phone,
    string ResidenceAddress,
    string EmploymentStatus,
    string EmployerName,
    string EmployerUscc,
    IReadOnlyDictionary<InsuranceType, EnrollmentStatus> Enrollment,
    string EnrollmentRegion,
    string UnenrolledReason,
    SurveyOutcome Outcome,
    string Surveyor,
    DateOnly? SurveyDate,
    string Note);

/// <summary>A roster row that could not be read as a survey result: where and why (never the resident ID or name).</summary>
/// <param name="Row">1-based row (header = 1).</param>
/// <param name="Column">The column's header.</param>
/// <param name="Message">Why, in Chinese and English.</param>
public sealed record RosterRowError(int Row, string Column, string Message);

/// <summary>
/// Everything read from a filled roster. Every data row is accounted for: it is a result, an error, or not filled in yet
/// (no 调查结果): <c>Results.Count + distinct error rows + Unfilled.Count == DataRows</c>.
/// </summary>
/// <param name="DataRows">Rows below the header that are not entirely empty.</param>
/// <param name="Results">Rows read as survey results.</param>
/// <param name="Errors">Findings that rejected a row (a row may have several).</param>
/// <param name="Unfilled">Rows with no 调查结果 yet (the visit is still due).</param>
public sealed record RosterReadResult(
    int DataRows,
    IReadOnlyList<SurveyResult> Results,
    IReadOnlyList<RosterRowError> Errors,
    IReadOnlyList<int> Unfilled);
