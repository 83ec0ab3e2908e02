using Canbao.Comparison;
using Canbao.Domain.Coverage;
using Canbao.Domain.Persons;

namespace Canbao.Comparison.Tests;

/// <summary>Every coverage status from hand-made rows, through the assembler and the default rules.</summary>
public class ClassificationTests
{
    private static readonly string Adult = Build.Id("63010219800101001");   // 46 at the round date
    private static readonly string Kid = Build.Id("63010220150601002");     // 11
    private const string Name = "赵子龙";

    private static PersonRecord Assemble(string id, params SourceRow[] rows) =>
        PersonAssembler.Assemble(id, rows.Select(r => new ResolvedRow(r, "resident_id", id)).ToList(), Build.Date, CoverageClassifier.Default);

    private static SourceRow Tax(string id) => Build.Row("tax", id, Name, ("employer_name", "某公司"));

    [Fact]
    public void Employee_paying_both_employee_insurances_is_fully_enrolled()
    {
        var p = Assemble(Adult, Build.Registry(Adult, Name), Tax(Adult), Build.Enroll(Adult, Name, "110"), Build.Enroll(Adult, Name, "职工基本医疗保险"));
        Assert.Equal(CoverageStatus.FullyEnrolled, p.Coverage);
        Assert.Equal(["employee_pension", "employee_medical"], p.RequiredInsurances);
        Assert.Contains(p.CoverageReasons, r => r.Code == "rule:employee" && r.Detail.Contains("社会保险法"));
        Assert.Null(p.Survey);
    }

    [Fact]
    public void Employee_paying_only_pension_is_partly_enrolled_and_surveyed()
    {
        var p = Assemble(Adult, Build.Registry(Adult, Name, "630102002"), Tax(Adult), Build.Enroll(Adult, Name, "110"));
        Assert.Equal(CoverageStatus.PartlyEnrolled, p.Coverage);
        Assert.Contains(p.CoverageReasons, r => r.Code == "missing:employee_medical");
        Assert.Equal(new SurveyState("to_survey", "partly_enrolled", "630102002"), p.Survey);
        Assert.Equal("630102", p.DistrictCode);
    }

    [Fact]
    public void Adult_without_enrollment_is_not_enrolled_with_resident_insurances_required()
    {
        var p = Assemble(Adult, Build.Registry(Adult, Name));
        Assert.Equal(CoverageStatus.NotEnrolled, p.Coverage);
        Assert.Equal(["resident_pension", "resident_medical"], p.RequiredInsurances);
    }

    [Fact]
    public void Suspended_contributions_are_lapsed()
    {
        var p = Assemble(Adult, Build.Registry(Adult, Name), Build.Enroll(Adult, Name, "170", "暂停缴费"), Build.Enroll(Adult, Name, "390"));
        Assert.Equal(CoverageStatus.Lapsed, p.Coverage);
        Assert.Contains(p.CoverageReasons, r => r.Code == "suspended:resident_pension");
    }

    [Fact]
    public void Employee_and_resident_medical_at_once_is_duplicate_enrollment()
    {
        var p = Assemble(Adult, Build.Registry(Adult, Name), Tax(Adult), Build.Enroll(Adult, Name, "110"), Build.Enroll(Adult, Name, "310"), Build.Enroll(Adult, Name, "390"));
        Assert.Equal(CoverageStatus.DuplicateEnrollment, p.Coverage);
        Assert.Contains(p.CoverageReasons, r => r.Code == "duplicate:medical");
    }

    [Fact]
    public void Same_insurance_paid_in_two_regions_is_duplicate_enrollment()
    {
        var other = Build.Row("other_region_enrollment", Adult, Name, ("insurance_type", "170"), ("enrollment_status", "参保缴费"), ("enrollment_region", "620100"));
        var p = Assemble(Adult, Build.Registry(Adult, Name), Build.Enroll(Adult, Name, "170"), Build.Enroll(Adult, Name, "390"), other);
        Assert.Equal(CoverageStatus.DuplicateEnrollment, p.Coverage);
        Assert.Equal(["rule:other_adult", "duplicate_region:resident_pension"], p.CoverageReasons.Select(r => r.Code));
    }

    [Fact]
    public void Enrollments_reasons_and_situations_come_in_a_fixed_order_and_a_later_row_replaces_an_earlier_one()
    {
        var otherRegion = Build.Row("other_region_enrollment", Adult, Name, ("insurance_type", "110"), ("enrollment_status", "1"), ("enrollment_region", "620100"));
        var p = Assemble(Adult, Build.Registry(Adult, Name), Tax(Adult), Build.Enroll(Adult, Name, "310", "暂停缴费"), otherRegion,
            Build.Enroll(Adult, Name, "110"), Build.Enroll(Adult, Name, "310"));
        // By insurance code, then feed, then region; the later 310 row (paying) replaced the suspended one.
        Assert.Equal(
            [new("employee_pension", "paying", "630100", "enrollment"), new("employee_pension", "paying", "620100", "other_region_enrollment"),
             new PersonEnrollment("employee_medical", "paying", "630100", "enrollment")],
            p.Enrollments);
        Assert.Equal(["employee", "other_adult"], p.Situations); // the enum's order
        Assert.Equal(CoverageStatus.DuplicateEnrollment, p.Coverage); // employee pension paid in 630100 and 620100
        Assert.Equal(["rule:employee", "duplicate_region:employee_pension"], p.CoverageReasons.Select(r => r.Code));
        Assert.Equal(["employee_pension", "employee_medical"], p.RequiredInsurances);
    }

    [Fact]
    public void Covered_only_in_another_region_is_enrolled_elsewhere()
    {
        SourceRow Other(string t) => Build.Row("other_region_enrollment", Adult, Name, ("insurance_type", t), ("enrollment_status", "1"), ("enrollment_region", "620100"));
        var p = Assemble(Adult, Build.Registry(Adult, Name), Other("170"), Other("390"));
        Assert.Equal(CoverageStatus.EnrolledElsewhere, p.Coverage);
    }

    [Fact]
    public void Deceased_still_paying_is_deceased_still_enrolled_and_without_payment_out_of_scope()
    {
        var death = Build.Row("deaths", Adult, Name, ("event_date", "20260101"));
        Assert.Equal(CoverageStatus.DeceasedStillEnrolled, Assemble(Adult, Build.Registry(Adult, Name), death, Build.Enroll(Adult, Name, "390")).Coverage);
        Assert.Equal(CoverageStatus.OutOfScope, Assemble(Adult, Build.Registry(Adult, Name), death, Build.Enroll(Adult, Name, "390", "终止参保")).Coverage);
    }

    [Fact]
    public void Prisoner_and_migrated_out_are_out_of_scope_but_a_release_brings_back()
    {
        var inPrison = Build.Row("prisoners", Adult, Name, ("event_kind", "入监"), ("event_date", "2025-01-01"));
        var released = Build.Row("prisoners", Adult, Name, ("event_kind", "出监"), ("event_date", "2026-03-01"));
        Assert.Equal(CoverageStatus.OutOfScope, Assemble(Adult, Build.Registry(Adult, Name), inPrison).Coverage);
        Assert.Equal(CoverageStatus.NotEnrolled, Assemble(Adult, Build.Registry(Adult, Name), released, inPrison).Coverage);
        var moved = Build.Row("migrations", Adult, Name, ("event_kind", "迁出"), ("event_date", "2026-02-01"));
        Assert.Equal(CoverageStatus.OutOfScope, Assemble(Adult, Build.Registry(Adult, Name), moved).Coverage);
    }

    [Fact]
    public void Child_needs_resident_medical_only_and_land_expropriated_farmer_their_pension()
    {
        var kid = Assemble(Kid, Build.Registry(Kid, "赵小龙"), Build.Enroll(Kid, "赵小龙", "390"));
        Assert.Equal(CoverageStatus.FullyEnrolled, kid.Coverage);
        Assert.Equal(["resident_medical"], kid.RequiredInsurances);
        var farmer = Build.Row("civil_affairs", Adult, Name, ("person_category", "被征地农民"));
        var p = Assemble(Adult, Build.Registry(Adult, Name), farmer, Build.Enroll(Adult, Name, "390"));
        Assert.Equal(CoverageStatus.PartlyEnrolled, p.Coverage);
        Assert.Equal(["land_expropriated_pension", "resident_medical"], p.RequiredInsurances);
    }

    [Fact]
    public void Name_conflict_is_decided_by_precedence_and_reported()
    {
        var p = Assemble(Adult, Build.Registry(Adult, Name), Build.Row("tax", Adult, "赵紫龙"), Build.Row("students", Adult, "赵子龍", ("birth_date", "1980-01-02")));
        Assert.Equal(Name, p.Name);
        var name = Assert.Single(p.Conflicts, c => c.Field == "name");
        Assert.Equal("precedence:household_registry", name.Rule);
        var birth = Assert.Single(p.Conflicts, c => c.Field == "birth_date");
        Assert.Equal("resident_id", birth.Rule);
        Assert.Equal(new DateOnly(1980, 1, 1), p.BirthDate);
        Assert.NotEqual(CoverageStatus.NeedsVerification, p.Coverage);
    }

    [Fact]
    public void Name_conflict_within_the_best_source_needs_verification()
    {
        var p = Assemble(Adult, Build.Registry(Adult, Name), Build.Registry(Adult, "钱子龙"));
        Assert.Equal(CoverageStatus.NeedsVerification, p.Coverage);
        Assert.Equal("undecided", Assert.Single(p.Conflicts).Rule);
        Assert.NotNull(p.Survey);
    }

    [Fact]
    public void Name_variants_of_the_middle_dot_and_spaces_are_no_conflict()
    {
        var id = Build.Id("63010219800101011");
        var p = Assemble(id, Build.Registry(id, "阿依古丽·买买提"), Build.Row("tax", id, "阿依古丽•买买提"), Build.Row("enrollment", id, "阿依古丽 ・买买提"));
        Assert.Empty(p.Conflicts);
    }
}
