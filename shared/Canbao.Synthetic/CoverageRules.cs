using Canbao.Domain.Persons;
using Canbao.Domain.Standard;

namespace Canbao.Synthetic;

/// <summary>A person's life situation on a date; decides which insurances the person should be in.</summary>
public enum Situation
{
    /// <summary>Employed (职工), working age.</summary>
    Employee,
    /// <summary>Self-employed / flexible employment, working age.</summary>
    SelfEmployed,
    /// <summary>Working age, not employed.</summary>
    Unemployed,
    /// <summary>In school: 6–17, or 18–22 in college.</summary>
    Student,
    /// <summary>1–5 years old.</summary>
    Child,
    /// <summary>Under one year old.</summary>
    Newborn,
    /// <summary>Serving a sentence.</summary>
    Prisoner,
    /// <summary>Land-expropriated farmer (any age from 16).</summary>
    LandExpropriated,
    /// <summary>Retired employee (men from 60, women from 55) drawing the employee pension.</summary>
    Pensioner,
    /// <summary>Elderly resident without an employee pension (men from 60, women from 55).</summary>
    ElderlyResident,
    /// <summary>Died.</summary>
    Deceased,
    /// <summary>Moved their household registration out of the city.</summary>
    MigratedOut,
}

/// <summary>
/// The coverage rules the truth is computed with — documented in truth/README.md so the comparison (issue 4) can match
/// them. Sources: the pilot plan (宁政办〔2017〕38号: who is in scope, the five insurances) and national policy
/// (《社会保险法》 arts. 10, 23: employees in employee pension and medical; 国发〔2014〕8号 and 国发〔2016〕3号:
/// other residents in the urban-rural resident pension from 16 and resident medical at any age; 国办发〔2006〕29号:
/// land-expropriated farmers' pension).
/// </summary>
public static class CoverageRules
{
    /// <summary>The snake_case key of a situation (persons.csv <c>situation</c>).</summary>
    public static string Key(Situation s) => s switch
    {
        Situation.Employee => "employee",
        Situation.SelfEmployed => "self_employed",
        Situation.Unemployed => "unemployed",
        Situation.Student => "student",
        Situation.Child => "child",
        Situation.Newborn => "newborn",
        Situation.Prisoner => "prisoner",
        Situation.LandExpropriated => "land_expropriated",
        Situation.Pensioner => "pensioner",
        Situation.ElderlyResident => "elderly_resident",
        Situation.Deceased => "deceased",
        Situation.MigratedOut => "migrated_out",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    /// <summary>The snake_case key of a coverage status (persons.csv <c>coverage_status</c>).</summary>
    public static string Key(CoverageStatus s) => s switch
    {
        CoverageStatus.FullyEnrolled => "fully_enrolled",
        CoverageStatus.PartlyEnrolled => "partly_enrolled",
        CoverageStatus.NotEnrolled => "not_enrolled",
        CoverageStatus.Lapsed => "lapsed",
        CoverageStatus.DuplicateEnrollment => "duplicate_enrollment",
        CoverageStatus.DeceasedStillEnrolled => "deceased_still_enrolled",
        CoverageStatus.EnrolledElsewhere => "enrolled_elsewhere",
        CoverageStatus.NeedsVerification => "needs_verification",
        CoverageStatus.OutOfScope => "out_of_scope",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    private static readonly InsuranceType[] EmployeeSet = [InsuranceType.EmployeePension, InsuranceType.EmployeeMedical];
    private static readonly InsuranceType[] ResidentSet = [InsuranceType.ResidentPension, InsuranceType.ResidentMedical];
    private static readonly InsuranceType[] MedicalOnly = [InsuranceType.ResidentMedical];
    private static readonly InsuranceType[] LandSet = [InsuranceType.LandExpropriatedPension, InsuranceType.ResidentMedical];

    /// <summary>
    /// What a person in the situation should be enrolled in: employee and pensioner → employee pension + employee
    /// medical; self-employed, unemployed, elderly resident → resident pension + resident medical; student, child,
    /// newborn → resident medical; land-expropriated farmer → land-expropriated pension + resident medical;
    /// prisoner, deceased, migrated out → none.
    /// </summary>
    public static IReadOnlyList<InsuranceType> Expected(Situation s) => s switch
    {
        Situation.Employee or Situation.Pensioner => EmployeeSet,
        Situation.SelfEmployed or Situation.Unemployed or Situation.ElderlyResident => ResidentSet,
        Situation.Student or Situation.Child or Situation.Newborn => MedicalOnly,
        Situation.LandExpropriated => LandSet,
        _ => [],
    };

    /// <summary>
    /// Classifies a person's enrollments, first rule that applies:
    /// <list type="number">
    /// <item>deceased: any paying enrollment → deceased_still_enrolled, else out_of_scope;</item>
    /// <item>prisoner or migrated out → out_of_scope;</item>
    /// <item>paying in both employee and resident medical, or in both employee and resident pension, or paying the same
    /// type in two regions → duplicate_enrollment;</item>
    /// <item>every expected type paying somewhere: if any only in another region → enrolled_elsewhere, else fully_enrolled;</item>
    /// <item>an expected type enrolled but not paying (暂停缴费 / 终止参保) and no paying enrollment of that type → lapsed;</item>
    /// <item>some expected types paying → partly_enrolled; none → not_enrolled.</item>
    /// </list>
    /// Enrollments in types outside the expected set count only for rules 1 and 3.
    /// </summary>
    public static CoverageStatus Classify(Situation situation, IReadOnlyList<Enrollment> enrollments)
    {
        if (situation == Situation.Deceased)
        {
            foreach (var e in enrollments) if (e.Status == EnrollmentStatus.Paying) return CoverageStatus.DeceasedStillEnrolled;
            return CoverageStatus.OutOfScope;
        }
        if (situation is Situation.Prisoner or Situation.MigratedOut) return CoverageStatus.OutOfScope;

        bool Paying(InsuranceType t) => enrollments.Any(e => e.Type == t && e.Status == EnrollmentStatus.Paying);
        if ((Paying(InsuranceType.EmployeeMedical) && Paying(InsuranceType.ResidentMedical))
            || (Paying(InsuranceType.EmployeePension) && Paying(InsuranceType.ResidentPension)))
            return CoverageStatus.DuplicateEnrollment;
        foreach (var t in InsuranceVocabulary.AllTypes)
            if (enrollments.Where(e => e.Type == t && e.Status == EnrollmentStatus.Paying).Select(e => e.Region).Distinct().Count() > 1)
                return CoverageStatus.DuplicateEnrollment;

        var expected = Expected(situation);
        int covered = 0, elsewhereOnly = 0, lapsed = 0;
        foreach (var t in expected)
        {
            var paying = enrollments.Where(e => e.Type == t && e.Status == EnrollmentStatus.Paying).ToArray();
            if (paying.Length > 0)
            {
                covered++;
                if (paying.All(e => !e.Local)) elsewhereOnly++;
            }
            else if (enrollments.Any(e => e.Type == t)) lapsed++;
        }
        if (expected.Count > 0 && covered == expected.Count) return elsewhereOnly > 0 ? CoverageStatus.EnrolledElsewhere : CoverageStatus.FullyEnrolled;
        if (lapsed > 0) return CoverageStatus.Lapsed;
        return covered > 0 ? CoverageStatus.PartlyEnrolled : CoverageStatus.NotEnrolled;
    }
}
