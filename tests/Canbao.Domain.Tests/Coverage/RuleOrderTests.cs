using Canbao.Domain.Coverage;
using Canbao.Domain.Persons;
using Canbao.Domain.Standard;

namespace Canbao.Domain.Tests.Coverage;

/// <summary>
/// Employment decides before a students extract (国发〔2016〕3号: resident medical for everyone not in employee medical;
/// 《社会保险法》第五十八条): a graduate listed by the 2017-03 students extract and paying employee insurances in 2017-06
/// is an employee. A child stays a child.
/// </summary>
public class RuleOrderTests
{
    private static EnrollmentObservation Paying(InsuranceType t) => new(t, EnrollmentStatus.Paying, "630100", false);

    [Fact]
    public void Student_in_employment_paying_employee_insurances_is_fully_enrolled_as_employee()
    {
        var d = CoverageClassifier.Default.Classify(new CoverageFacts(
            new HashSet<Situation> { Situation.Student, Situation.Employee, Situation.OtherAdult },
            [Paying(InsuranceType.EmployeePension), Paying(InsuranceType.EmployeeMedical)], false));
        Assert.Equal("employee", d.Rule.Id);
        Assert.Equal(CoverageStatus.FullyEnrolled, d.Status);
        Assert.Equal([InsuranceType.EmployeePension, InsuranceType.EmployeeMedical], d.Required);
    }

    [Fact]
    public void Student_without_employment_needs_resident_medical_only()
    {
        var d = CoverageClassifier.Default.Classify(new CoverageFacts(
            new HashSet<Situation> { Situation.Student, Situation.OtherAdult }, [Paying(InsuranceType.ResidentMedical)], false));
        Assert.Equal("student", d.Rule.Id);
        Assert.Equal(CoverageStatus.FullyEnrolled, d.Status);
    }

    [Fact]
    public void Child_stays_a_child_even_with_an_employee_enrollment()
    {
        var d = CoverageClassifier.Default.Classify(new CoverageFacts(
            new HashSet<Situation> { Situation.Child, Situation.Employee }, [Paying(InsuranceType.EmployeeMedical)], false));
        Assert.Equal("child", d.Rule.Id);
    }

    [Fact]
    public void Rule_order_is_child_employee_student_land_expropriated_other_adult()
    {
        Assert.Equal(["deceased", "migrated_out", "in_custody", "child", "employee", "student", "land_expropriated_farmer", "other_adult"],
            CoverageRules.Default.Select(r => r.Id));
    }
}
