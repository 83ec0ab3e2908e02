using Canbao.Domain.Standard;

namespace Canbao.Reports.Rosters;

/// <summary>
/// The roster's columns, in the registration-form layout (全民参保登记表, 宁政办〔2017〕38号 登记内容): the pre-filled
/// basic information, then the columns the surveyor fills in — employment, one column per insurance type with its
/// status (参保缴费 / 暂停缴费 / 终止参保 / 未参保), enrollment region, the reason for not being enrolled, and the
/// visit's outcome. Headers are the form's Chinese labels; reading a filled roster back goes by these headers.
/// </summary>
public static class RosterLayout
{
    /// <summary>序号 (row number on the printed roster).</summary>
    public const string RowNo = "序号";
    /// <summary>任务编号 (survey task id).</summary>
    public const string TaskId = "任务编号";
    /// <summary>调查原因 (why the visit is due).</summary>
    public const string Reason = "调查原因";
    /// <summary>未参保原因 (for the unenrolled: why).</summary>
    public const string UnenrolledReason = "未参保原因";
    /// <summary>调查结果: 已登记 / 无法联系 / 已迁出 / 已死亡.</summary>
    public const string Outcome = "调查结果";
    /// <summary>调查员.</summary>
    public const string Surveyor = "调查员";
    /// <summary>调查日期.</summary>
    public const string SurveyDate = "调查日期";
    /// <summary>备注.</summary>
    public const string Note = "备注";
    /// <summary>The text a surveyor writes in an insurance column for "not enrolled".</summary>
    public const string NotEnrolled = "未参保";

    /// <summary>Header of the column for one insurance type: its Chinese name (e.g. 职工基本养老保险).</summary>
    public static string InsuranceColumn(InsuranceType type) => InsuranceVocabulary.ChineseName(type);

    /// <summary>Pre-filled columns, in order.</summary>
    public static readonly IReadOnlyList<string> Prefilled =
    [
        RowNo, TaskId, StandardFields.Name.Label, StandardFields.ResidentId.Label, StandardFields.Sex.Label,
        StandardFields.BirthDate.Label, StandardFields.HukouAddress.Label, StandardFields.ResidenceAddress.Label,
        StandardFields.Phone.Label, Reason,
    ];

    /// <summary>Columns the surveyor fills in, in order.</summary>
    public static readonly IReadOnlyList<string> ToFill =
    [
        StandardFields.EmploymentStatus.Label, StandardFields.EmployerName.Label, StandardFields.EmployerUscc.Label,
        .. InsuranceVocabulary.AllTypes.Select(InsuranceColumn),
        StandardFields.EnrollmentRegion.Label, UnenrolledReason, Outcome, Surveyor, SurveyDate, Note,
    ];

    /// <summary>Every column, in order: <see cref="Prefilled"/> then <see cref="ToFill"/>.</summary>
    public static readonly IReadOnlyList<string> All = [.. Prefilled, .. ToFill];

    /// <summary>Column width (characters) for the printed roster.</summary>
    public static double Width(string column) => column switch
    {
        RowNo => 5,
        TaskId => 14,
        _ when column == StandardFields.ResidentId.Label => 21,
        _ when column == StandardFields.HukouAddress.Label || column == StandardFields.ResidenceAddress.Label => 28,
        _ when column == StandardFields.EmployerName.Label || column == StandardFields.EmployerUscc.Label => 20,
        Reason or UnenrolledReason or Note => 16,
        _ => 11,
    };
}
