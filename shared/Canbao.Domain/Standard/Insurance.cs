namespace Canbao.Domain.Standard;

/// <summary>
/// The five social insurances the registration covers (宁政办〔2017〕38号, 登记内容 — 参保信息). Numeric values are the
/// national insurance-type codes where one exists (人社部 险种类型代码: 110 企业职工基本养老保险, 310 职工基本医疗保险,
/// 170 城乡居民基本养老保险, 390 城乡居民基本医疗保险); the land-expropriated farmers' pension has no national code,
/// 190 is this project's local code for it.
/// </summary>
public enum InsuranceType
{
    /// <summary>职工基本养老保险 (code 110).</summary>
    EmployeePension = 110,
    /// <summary>职工基本医疗保险 (code 310).</summary>
    EmployeeMedical = 310,
    /// <summary>城乡居民基本养老保险 (code 170).</summary>
    ResidentPension = 170,
    /// <summary>城乡居民基本医疗保险 (code 390).</summary>
    ResidentMedical = 390,
    /// <summary>被征地农民社会养老保险 (local code 190).</summary>
    LandExpropriatedPension = 190,
}

/// <summary>Enrollment status of one insurance (参保状态, the plan's three values).</summary>
public enum EnrollmentStatus
{
    /// <summary>参保缴费: enrolled and paying.</summary>
    Paying = 1,
    /// <summary>暂停缴费: enrolled, contributions suspended (lapsed).</summary>
    Suspended = 2,
    /// <summary>终止参保: enrollment terminated.</summary>
    Terminated = 3,
}

/// <summary>Names, codes and the text forms departments write for <see cref="InsuranceType"/> and <see cref="EnrollmentStatus"/>.</summary>
public static class InsuranceVocabulary
{
    /// <summary>Snake-case key used in JSON and reports, e.g. <c>employee_pension</c>.</summary>
    public static string Key(InsuranceType t) => t switch
    {
        InsuranceType.EmployeePension => "employee_pension",
        InsuranceType.EmployeeMedical => "employee_medical",
        InsuranceType.ResidentPension => "resident_pension",
        InsuranceType.ResidentMedical => "resident_medical",
        InsuranceType.LandExpropriatedPension => "land_expropriated_pension",
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    /// <summary>The Chinese name, e.g. 职工基本养老保险.</summary>
    public static string ChineseName(InsuranceType t) => t switch
    {
        InsuranceType.EmployeePension => "职工基本养老保险",
        InsuranceType.EmployeeMedical => "职工基本医疗保险",
        InsuranceType.ResidentPension => "城乡居民基本养老保险",
        InsuranceType.ResidentMedical => "城乡居民基本医疗保险",
        InsuranceType.LandExpropriatedPension => "被征地农民社会养老保险",
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    /// <summary>The Chinese name of a status: 参保缴费 / 暂停缴费 / 终止参保.</summary>
    public static string ChineseName(EnrollmentStatus s) => s switch
    {
        EnrollmentStatus.Paying => "参保缴费",
        EnrollmentStatus.Suspended => "暂停缴费",
        EnrollmentStatus.Terminated => "终止参保",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    /// <summary>All five types, in the plan's order.</summary>
    public static readonly IReadOnlyList<InsuranceType> AllTypes =
        [InsuranceType.EmployeePension, InsuranceType.EmployeeMedical, InsuranceType.ResidentPension, InsuranceType.ResidentMedical, InsuranceType.LandExpropriatedPension];

    private static readonly Dictionary<string, InsuranceType> TypeForms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["110"] = InsuranceType.EmployeePension, ["职工基本养老保险"] = InsuranceType.EmployeePension, ["企业职工基本养老保险"] = InsuranceType.EmployeePension, ["职工养老"] = InsuranceType.EmployeePension, ["职工养老保险"] = InsuranceType.EmployeePension, ["employee_pension"] = InsuranceType.EmployeePension,
        ["310"] = InsuranceType.EmployeeMedical, ["职工基本医疗保险"] = InsuranceType.EmployeeMedical, ["职工医保"] = InsuranceType.EmployeeMedical, ["职工医疗"] = InsuranceType.EmployeeMedical, ["职工医疗保险"] = InsuranceType.EmployeeMedical, ["employee_medical"] = InsuranceType.EmployeeMedical,
        ["170"] = InsuranceType.ResidentPension, ["城乡居民基本养老保险"] = InsuranceType.ResidentPension, ["城乡居民养老保险"] = InsuranceType.ResidentPension, ["居民养老"] = InsuranceType.ResidentPension, ["城乡居民养老"] = InsuranceType.ResidentPension, ["resident_pension"] = InsuranceType.ResidentPension,
        ["390"] = InsuranceType.ResidentMedical, ["城乡居民基本医疗保险"] = InsuranceType.ResidentMedical, ["城乡居民医疗保险"] = InsuranceType.ResidentMedical, ["居民医保"] = InsuranceType.ResidentMedical, ["城乡居民医保"] = InsuranceType.ResidentMedical, ["resident_medical"] = InsuranceType.ResidentMedical,
        ["190"] = InsuranceType.LandExpropriatedPension, ["被征地农民社会养老保险"] = InsuranceType.LandExpropriatedPension, ["被征地农民养老保险"] = InsuranceType.LandExpropriatedPension, ["失地农民养老"] = InsuranceType.LandExpropriatedPension, ["land_expropriated_pension"] = InsuranceType.LandExpropriatedPension,
    };

    private static readonly Dictionary<string, EnrollmentStatus> StatusForms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["1"] = EnrollmentStatus.Paying, ["参保缴费"] = EnrollmentStatus.Paying, ["正常缴费"] = EnrollmentStatus.Paying, ["正常参保"] = EnrollmentStatus.Paying, ["缴费"] = EnrollmentStatus.Paying, ["paying"] = EnrollmentStatus.Paying,
        ["2"] = EnrollmentStatus.Suspended, ["暂停缴费"] = EnrollmentStatus.Suspended, ["暂停"] = EnrollmentStatus.Suspended, ["中断缴费"] = EnrollmentStatus.Suspended, ["suspended"] = EnrollmentStatus.Suspended,
        ["3"] = EnrollmentStatus.Terminated, ["终止参保"] = EnrollmentStatus.Terminated, ["终止"] = EnrollmentStatus.Terminated, ["注销"] = EnrollmentStatus.Terminated, ["terminated"] = EnrollmentStatus.Terminated,
    };

    /// <summary>Reads an insurance type from a code (110) or a name (职工基本养老保险, 职工养老 …); trimmed input.</summary>
    public static bool TryParseType(string? text, out InsuranceType type) => TypeForms.TryGetValue((text ?? "").Trim(), out type);

    /// <summary>Reads an enrollment status from a code (1/2/3) or a name (参保缴费 …); trimmed input.</summary>
    public static bool TryParseStatus(string? text, out EnrollmentStatus status) => StatusForms.TryGetValue((text ?? "").Trim(), out status);
}
