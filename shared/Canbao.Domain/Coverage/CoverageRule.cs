using Canbao.Domain.Standard;

namespace Canbao.Domain.Coverage;

/// <summary>
/// One rule of who should be in which insurance, as data: when a person is in <see cref="When"/> (and in none of the
/// situations of an earlier rule), they should be enrolled in <see cref="Requires"/>. The first matching rule decides.
/// </summary>
/// <param name="Id">Stable rule id used in reasons, e.g. <c>employee</c>.</param>
/// <param name="When">The situation the rule applies to.</param>
/// <param name="Requires">Insurances the person should be in (empty = none).</param>
/// <param name="InScope">False when the situation takes the person out of the registration's scope.</param>
/// <param name="Source">The policy the rule comes from, named.</param>
public sealed record CoverageRule(string Id, Situation When, IReadOnlyList<InsuranceType> Requires, bool InScope, string Source);

/// <summary>
/// The classification rules, in order of precedence. Sources: the pilot plan 宁政办〔2017〕38号 (scope: registered
/// population and long-term residents with a residence permit; the five insurances), the Social Insurance Law
/// (《中华人民共和国社会保险法》 arts. 10, 23: employees join employee pension and employee medical), 国发〔2014〕8号
/// (urban-rural resident pension: 16 and over, not students, not in employee pension), 国发〔2016〕3号 (urban-rural
/// resident medical: everyone not in employee medical, children and students included), 国办发〔2006〕29号 (land-expropriated
/// farmers' social security), 人社部 guidance on people serving sentences (contributions suspended while in custody).
/// <para>Employee comes before student and land-expropriated farmer: 国发〔2016〕3号 covers by resident medical
/// everyone "除职工基本医疗保险应参保人员以外", and 国发〔2014〕8号 leaves out of the resident pension everyone in the
/// employee pension's scope, so a person in employment — shown by an employer's tax rows or an employee-insurance
/// enrollment (《社会保险法》第五十八条: the employer registers its employees) — belongs to the employee insurances even
/// when an older students extract still lists them (a graduate who started work); 国办发〔2006〕29号 likewise puts
/// land-expropriated farmers in employment into the employee insurances. A child (under 18) stays a child.</para>
/// </summary>
public static class CoverageRules
{
    private const string Plan = "宁政办〔2017〕38号";

    /// <summary>The default rules, first match wins.</summary>
    public static readonly IReadOnlyList<CoverageRule> Default =
    [
        new("deceased", Situation.Deceased, [], false, $"{Plan} 动态管理: deceased persons are removed from the registration"),
        new("migrated_out", Situation.MigratedOut, [], false, $"{Plan} scope: household registration moved out of the city"),
        new("in_custody", Situation.InCustody, [], false, "人社部: enrollment suspended while serving a sentence; resumed on release"),
        new("child", Situation.Child, [InsuranceType.ResidentMedical], true, "国发〔2016〕3号 (children: resident medical); 国发〔2014〕8号 (pension from 16)"),
        new("employee", Situation.Employee, [InsuranceType.EmployeePension, InsuranceType.EmployeeMedical], true, "《社会保险法》第十条、第二十三条 (retired employees keep the employee pension and medical)"),
        new("student", Situation.Student, [InsuranceType.ResidentMedical], true, "国发〔2016〕3号 (students: resident medical); 国发〔2014〕8号 (students excluded from resident pension)"),
        new("land_expropriated_farmer", Situation.LandExpropriatedFarmer, [InsuranceType.LandExpropriatedPension, InsuranceType.ResidentMedical], true, "国办发〔2006〕29号; 国发〔2016〕3号"),
        new("other_adult", Situation.OtherAdult, [InsuranceType.ResidentPension, InsuranceType.ResidentMedical], true, "国发〔2014〕8号; 国发〔2016〕3号"),
    ];
}
