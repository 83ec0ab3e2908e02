using Canbao.Comparison;
using Canbao.Domain.Coverage;
using Canbao.Domain.Persons;

namespace Canbao.Comparison.Tests;

/// <summary>
/// The patterns behind the accuracy fixes of issue 4, on hand-made rows: a real resident ID ending in 000 is not merged
/// into the person sharing its first 15 characters; an enrollment missing from a later extract of the same district no
/// longer counts; a graduate in employment is an employee.
/// </summary>
public class AccuracyFixTests
{
    // 630102201104193019 (male, sequence 301) and 630102201104193000 (female, sequence 300): both valid.
    private const string Male = "630102201104193019";
    private const string ZeroEnding = "630102201104193000";

    private static SourceRow Person(string id, string name, string sex, string address) =>
        Build.Row("household_registry", id, name, ("birth_date", "2011-04-19"), ("sex", sex), ("hukou_region", "630102"),
            ("residence_township", "630102001"), ("hukou_address", address), ("residence_address", address));

    [Fact]
    public void Real_id_ending_in_000_with_other_name_sex_and_address_stays_its_own_person()
    {
        var r = Resolver.Resolve(World.Background(600).Concat(
        [
            Person(Male, "张春鑫", "男", "城东区七一路39号"), Build.Enroll(Male, "张春鑫", "390"),
            Person(ZeroEnding, "张巧琴", "女", "城东区黄河路144号"), Build.Enroll(ZeroEnding, "张巧琴", "390"),
        ]), Build.Date);
        Assert.Equal(2, r.Persons[Male].Count);
        Assert.All(r.Persons[Male], x => Assert.Equal(Male, x.IdText));
        var own = r.Persons[ZeroEnding];
        Assert.Equal(2, own.Count);
        Assert.All(own, x => Assert.Equal("resident_id", x.LinkedBy));
        Assert.Equal(0, r.Counts.Linked);
        Assert.Equal(r.Counts.RowsIn, r.Counts.ById + r.Counts.Upgraded + r.Counts.Linked + r.Counts.PossibleMatches + r.Counts.Unlinked);
        // The enrollment row (ID and name only: the name contradicts) is also reported for review, not merged.
        var review = Assert.Single(r.Problems, p => p.Kind == ProblemKinds.PossibleMatch);
        Assert.Equal((Male, ZeroEnding), (review.PersonId, review.OtherId));
    }

    [Fact]
    public void Zeroed_copy_of_an_id_with_the_same_name_still_joins_its_person()
    {
        var r = Resolver.Resolve(World.Background(600).Concat(
            [Person(Male, "张春鑫", "男", "城东区七一路39号"), Build.Enroll(ZeroEnding, "张春鑫", "390")]), Build.Date);
        Assert.False(r.Persons.ContainsKey(ZeroEnding));
        Assert.Contains(r.Persons[Male], x => x.LinkedBy.StartsWith("linkage:", StringComparison.Ordinal) && x.IdText == ZeroEnding);
    }

    private static readonly string Kid = Build.Id("63010220120524102");

    private static SourceRow Enrollment(string drop, string id, string type, string feed = "enrollment") =>
        new(feed, drop, 1, new Dictionary<string, string>
        {
            ["resident_id"] = id, ["name"] = "阿依古丽·艾力", ["insurance_type"] = type, ["enrollment_status"] = "参保缴费", ["enrollment_region"] = "630100",
        });

    private static ExtractPeriods Extracts(params string[] drops)
    {
        var e = new ExtractPeriods();
        foreach (var d in drops) e.Observe(d[..d.IndexOf('/')], d);
        return e;
    }

    private static PersonRecord Assemble(ExtractPeriods? extracts, params SourceRow[] rows) =>
        PersonAssembler.Assemble(Kid, rows.Select(r => new ResolvedRow(r, "resident_id", Kid)).ToList(), Build.Date, CoverageClassifier.Default, extracts);

    [Fact]
    public void Enrollment_missing_from_the_later_extract_of_its_district_no_longer_counts()
    {
        var registry = Build.Registry(Kid, "阿依古丽·艾力");
        var march = Enrollment("enrollment/2017-03-630102.csv", Kid, "390");
        var extracts = Extracts("enrollment/2017-03-630102.csv", "enrollment/2017-06-630102.csv");
        var p = Assemble(extracts, registry, march);
        Assert.Equal(CoverageStatus.NotEnrolled, p.Coverage);
        Assert.Empty(p.Enrollments);
        Assert.Contains(p.Sources, s => s.Drop == "enrollment/2017-03-630102.csv"); // still evidence
        // Without a later extract of that district (only another district's), the March row stands.
        Assert.Equal(CoverageStatus.FullyEnrolled, Assemble(Extracts("enrollment/2017-03-630102.csv", "enrollment/2017-06-630103.csv"), registry, march).Coverage);
        Assert.Equal(CoverageStatus.FullyEnrolled, Assemble(null, registry, march).Coverage);
    }

    [Fact]
    public void Person_who_moved_district_keeps_the_enrollment_of_the_later_extract()
    {
        var p = Assemble(Extracts("enrollment/2017-03-630102.csv", "enrollment/2017-06-630102.csv", "enrollment/2017-06-630104.csv"),
            Build.Registry(Kid, "阿依古丽·艾力"), Enrollment("enrollment/2017-03-630102.csv", Kid, "390"), Enrollment("enrollment/2017-06-630104.csv", Kid, "390"));
        Assert.Equal(CoverageStatus.FullyEnrolled, p.Coverage);
    }

    [Fact]
    public void Extract_scope_ignores_the_file_format_and_other_feeds()
    {
        var e = Extracts("other_region_enrollment/2017-03-630104.csv", "other_region_enrollment/2017-06-630104.xlsx", "students/2017-03-630104.csv");
        Assert.True(e.IsSuperseded("other_region_enrollment", "other_region_enrollment/2017-03-630104.csv"));
        Assert.False(e.IsSuperseded("other_region_enrollment", "other_region_enrollment/2017-06-630104.xlsx"));
        Assert.False(e.IsSuperseded("students", "students/2017-03-630104.csv"));
        Assert.False(e.IsSuperseded("enrollment", "enrollment/d1.csv")); // no period in the name: never superseded
    }

    [Fact]
    public void Resolution_collects_the_extracts_of_the_rows_it_read()
    {
        var r = Resolver.Resolve([Enrollment("enrollment/2017-03-630102.csv", Kid, "390"), Enrollment("enrollment/2017-06-630102.csv", Build.Id("63010219800101001"), "390")], Build.Date);
        Assert.NotNull(r.Extracts);
        Assert.True(r.Extracts!.IsSuperseded("enrollment", "enrollment/2017-03-630102.csv"));
    }

    [Fact]
    public void Graduate_listed_by_an_older_students_extract_and_paying_employee_insurances_is_an_employee()
    {
        var grad = Build.Id("63010219940514932");
        var rows = new[]
        {
            Build.Registry(grad, "黄雅佳"), Build.Row("students", grad, "黄雅佳"),
            Build.Enroll(grad, "黄雅佳", "110"), Build.Enroll(grad, "黄雅佳", "310"),
        };
        var p = PersonAssembler.Assemble(grad, rows.Select(r => new ResolvedRow(r, "resident_id", grad)).ToList(), Build.Date, CoverageClassifier.Default);
        Assert.Equal(CoverageStatus.FullyEnrolled, p.Coverage);
        Assert.Equal(["employee_pension", "employee_medical"], p.RequiredInsurances);
        Assert.Equal("rule:employee", p.CoverageReasons[0].Code);
    }
}
