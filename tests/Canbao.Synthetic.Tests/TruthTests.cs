using Canbao.Domain.Identifiers;
using Canbao.Domain.Standard;
using Canbao.Synthetic;

namespace Canbao.Synthetic.Tests;

[Collection(GeneratedCity.Collection)]
public sealed class TruthTests(GeneratedCity city)
{
    private IReadOnlyList<Dictionary<string, string>> Persons => GeneratedCity.ReadCsv(Path.Combine(city.Default, "truth", "persons.csv"));

    [Fact]
    public void Every_id_in_the_truth_is_a_valid_canonical_id_matching_sex_and_birth_date_and_unique_per_period()
    {
        var persons = Persons;
        Assert.True(persons.Count > 2500, $"{persons.Count} truth rows over two periods");
        foreach (var period in persons.GroupBy(p => p["period"]))
        {
            var end = PeriodWindow.ParseEnd(period.Key);
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in period)
            {
                var parsed = ResidentIdParser.Parse(p["resident_id"], end);
                Assert.True(parsed.IsValid, $"{ResidentId.Mask(p["resident_id"])}: {string.Join("; ", parsed.Issues.Select(i => i.Code))}");
                Assert.False(parsed.WasNormalized);
                Assert.Empty(parsed.Issues);
                var id = parsed.Id!.Value;
                Assert.Equal(p["birth_date"], id.BirthDate.ToString("yyyy-MM-dd"));
                Assert.Equal(p["sex"], id.Sex == Sex.Male ? "male" : "female");
                Assert.True(ids.Add(id.Value), "IDs are unique within a period");
                Assert.StartsWith("6301", p["district_code"]);
                Assert.StartsWith(p["district_code"], p["township_code"]);
            }
        }
    }

    [Fact]
    public void Region_codes_are_those_in_force_at_birth_and_permit_holders_come_from_other_provinces()
    {
        var persons = Persons.Where(p => p["period"] == "2017-03").ToArray();
        foreach (var p in persons.Where(p => p["hukou_in_city"] == "true"))
        {
            var region = p["resident_id"][..6];
            var born = int.Parse(p["birth_date"][..4]) * 100 + int.Parse(p["birth_date"][5..7]);
            var code = RegionCodeHistory.Default.Find(region)!;
            if (born >= 198012 && !(p["district_code"] == "630105" && born < 198612) && !(born is > 199812 and < 199912))
                Assert.True(code.InForce(born), $"{region} not in force in {born}");
            if (p["district_code"] == "630106")
                Assert.Equal(born < 199912 ? "632124" : "630122", region);
        }
        Assert.Contains(persons, p => p["resident_id"].StartsWith("632124", StringComparison.Ordinal));
        var permit = persons.Where(p => p["hukou_in_city"] == "false").ToArray();
        Assert.NotEmpty(permit);
        Assert.All(permit, p => Assert.NotEqual("63", p["resident_id"][..2]));
    }

    [Fact]
    public void Region_lineage_of_huangzhong_follows_the_history()
    {
        var map = CityMap.Load("630100");
        var huangzhong = map.Districts.Single(d => d.Code == "630106");
        Assert.Equal("632124", CityMap.RegionCodeAt(huangzhong, 195006));
        Assert.Equal("632124", CityMap.RegionCodeAt(huangzhong, 199905)); // gap between lists: the code just retired
        Assert.Equal("630122", CityMap.RegionCodeAt(huangzhong, 200501));
        Assert.Equal("630106", CityMap.RegionCodeAt(huangzhong, 202001));
        Assert.Equal(["630102", "630103", "630104", "630105", "630106", "630121", "630123"], map.Districts.Select(d => d.Code));
        Assert.Equal(17, huangzhong.Townships.Count);
    }

    [Fact]
    public void Every_coverage_status_but_needs_verification_occurs_and_expected_insurances_follow_the_situation()
    {
        var persons = Persons;
        var statuses = persons.Select(p => p["coverage_status"]).ToHashSet();
        foreach (var s in new[] { "fully_enrolled", "partly_enrolled", "not_enrolled", "lapsed", "duplicate_enrollment", "deceased_still_enrolled", "enrolled_elsewhere", "out_of_scope" })
            Assert.Contains(s, statuses);
        Assert.DoesNotContain("needs_verification", statuses);
        var expected = new Dictionary<string, string>
        {
            ["employee"] = "employee_pension;employee_medical", ["pensioner"] = "employee_pension;employee_medical",
            ["self_employed"] = "resident_pension;resident_medical", ["unemployed"] = "resident_pension;resident_medical",
            ["elderly_resident"] = "resident_pension;resident_medical", ["student"] = "resident_medical", ["child"] = "resident_medical",
            ["newborn"] = "resident_medical", ["land_expropriated"] = "land_expropriated_pension;resident_medical",
            ["prisoner"] = "", ["deceased"] = "", ["migrated_out"] = "",
        };
        foreach (var p in persons) Assert.Equal(expected[p["situation"]], p["expected_insurances"]);
        Assert.All(persons.Where(p => p["situation"] is "prisoner" or "migrated_out"), p => Assert.Equal("out_of_scope", p["coverage_status"]));
        Assert.All(persons.Where(p => p["situation"] == "deceased"), p => Assert.Equal(p["enrollments"].Contains(":paying:") ? "deceased_still_enrolled" : "out_of_scope", p["coverage_status"]));
    }

    [Fact]
    public void Coverage_rules_decide_the_documented_status()
    {
        var d = new DateOnly(2010, 1, 1);
        Enrollment E(InsuranceType t, EnrollmentStatus s = EnrollmentStatus.Paying, string region = "630100") => new(t, s, region, region == "630100", d);
        Assert.Equal(Domain.Persons.CoverageStatus.FullyEnrolled, CoverageRules.Classify(Situation.Employee, [E(InsuranceType.EmployeePension), E(InsuranceType.EmployeeMedical)]));
        Assert.Equal(Domain.Persons.CoverageStatus.PartlyEnrolled, CoverageRules.Classify(Situation.Employee, [E(InsuranceType.EmployeeMedical)]));
        Assert.Equal(Domain.Persons.CoverageStatus.NotEnrolled, CoverageRules.Classify(Situation.Unemployed, []));
        Assert.Equal(Domain.Persons.CoverageStatus.Lapsed, CoverageRules.Classify(Situation.SelfEmployed, [E(InsuranceType.ResidentPension, EnrollmentStatus.Suspended), E(InsuranceType.ResidentMedical)]));
        Assert.Equal(Domain.Persons.CoverageStatus.DuplicateEnrollment, CoverageRules.Classify(Situation.Employee, [E(InsuranceType.EmployeePension), E(InsuranceType.EmployeeMedical), E(InsuranceType.ResidentMedical)]));
        Assert.Equal(Domain.Persons.CoverageStatus.DuplicateEnrollment, CoverageRules.Classify(Situation.Student, [E(InsuranceType.ResidentMedical), E(InsuranceType.ResidentMedical, region: "620100")]));
        Assert.Equal(Domain.Persons.CoverageStatus.EnrolledElsewhere, CoverageRules.Classify(Situation.Child, [E(InsuranceType.ResidentMedical, region: "620100")]));
        Assert.Equal(Domain.Persons.CoverageStatus.DeceasedStillEnrolled, CoverageRules.Classify(Situation.Deceased, [E(InsuranceType.ResidentMedical)]));
        Assert.Equal(Domain.Persons.CoverageStatus.OutOfScope, CoverageRules.Classify(Situation.Deceased, [E(InsuranceType.ResidentMedical, EnrollmentStatus.Terminated)]));
        Assert.Equal(Domain.Persons.CoverageStatus.OutOfScope, CoverageRules.Classify(Situation.Prisoner, [E(InsuranceType.EmployeePension, EnrollmentStatus.Suspended)]));
    }

    [Fact]
    public void The_second_period_writes_only_changes_and_enrollment_and_appends_the_truth()
    {
        var drops = Path.Combine(city.Default, "drops");
        var june = Directory.GetFiles(drops, "2017-06-*", SearchOption.AllDirectories).Select(f => Path.GetFileName(Path.GetDirectoryName(f))!).ToHashSet();
        Assert.Equal(new HashSet<string> { "enrollment", "other_region_enrollment", "newborns", "deaths", "migrations", "prisoners" }, june);
        var persons = Persons;
        Assert.Contains(persons, p => p["period"] == "2017-03");
        Assert.Contains(persons, p => p["period"] == "2017-06");
        // Nobody born after a period is in that period's truth; the June truth knows more newborns or the same.
        Assert.All(persons, p => Assert.True(string.CompareOrdinal(p["birth_date"], p["period"] + "-31") <= 0));
        var ex = Assert.Throws<ArgumentException>(() => CityGenerator.Generate(new GenerateOptions(1500, 7, city.Default, Period: "2017-05")));
        Assert.Contains("2017-06", ex.Message);
        var other = Assert.Throws<ArgumentException>(() => CityGenerator.Generate(new GenerateOptions(1501, 7, city.Default, Period: "2017-09")));
        Assert.Contains("--persons 1500", other.Message);
    }

    [Fact]
    public void Deaths_are_fixed_width_gb18030_with_the_layout_byte_length()
    {
        var files = Directory.GetFiles(Path.Combine(city.Default, "drops", "deaths"));
        Assert.NotEmpty(files);
        var layout = FeedCatalog.Deaths.FixedWidth!;
        var records = 0;
        foreach (var f in files)
        {
            var bytes = File.ReadAllBytes(f);
            Assert.Equal(0, bytes.Length % (layout.RecordBytes + 2));
            for (var i = layout.RecordBytes; i < bytes.Length; i += layout.RecordBytes + 2)
            {
                Assert.Equal((byte)'\r', bytes[i]);
                Assert.Equal((byte)'\n', bytes[i + 1]);
                records++;
            }
        }
        Assert.True(records > 5);
    }
}
