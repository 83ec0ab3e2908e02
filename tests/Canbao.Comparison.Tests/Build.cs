using Canbao.Comparison;
using Canbao.Domain.Persons;
using Canbao.Domain.Identifiers;

namespace Canbao.Comparison.Tests;

/// <summary>Hand-made rows and IDs.</summary>
internal static class Build
{
    public static readonly DateOnly Date = new(2026, 11, 1);

    /// <summary>A valid ID from a 17-digit body.</summary>
    public static string Id(string body17) => body17 + ResidentId.ComputeCheckCharacter(body17);

    /// <summary>The ID with its check character replaced by another one (check mismatch).</summary>
    public static string BadCheck(string id) => id[..17] + (id[17] == '0' ? '1' : '0');

    public static SourceRow Row(string feed, string id, string name, params (string Key, string Value)[] more)
    {
        var f = new Dictionary<string, string>(StringComparer.Ordinal) { ["resident_id"] = id, ["name"] = name };
        foreach (var (k, v) in more) f[k] = v;
        return new SourceRow(feed, feed + "/d1.csv", Next++, f);
    }

    private static long Next = 1;

    public static SourceRow Registry(string id, string name, string township = "630102001", string address = "城东区东关大街1号") =>
        Row("household_registry", id, name, ("residence_township", township), ("hukou_address", address), ("residence_address", address));

    public static SourceRow Enroll(string id, string name, string type, string status = "参保缴费", string region = "630100") =>
        Row("enrollment", id, name, ("insurance_type", type), ("enrollment_status", status), ("enrollment_region", region));

    /// <summary>A person with every property set (hash and serialization tests).</summary>
    public static PersonRecord FullPerson() => new()
    {
        Id = "630102199001011234", DistrictCode = "630102", TownshipCode = "630102001", Coverage = CoverageStatus.PartlyEnrolled,
        Name = "赵子龙", Sex = Sex.Male, BirthDate = new DateOnly(1990, 1, 1), HukouAddress = "西宁市城东区文化街1号",
        ResidenceAddress = "西宁市城东区文化街2号", Phone = "13800000000", EmployerName = "青海某公司", Aliases = ["63010290010112"],
        Situations = ["employee"], Enrollments = [new("employee_pension", "paying", "630102", "enrollment")],
        RequiredInsurances = ["employee_pension", "employee_medical"], CoverageReasons = [new("rule:employee", "tax")],
        Conflicts = [new("name", ["household_registry=赵子龙", "tax=赵子隆"], "赵子龙", "precedence:household_registry")],
        Survey = new("to_survey", "partly_enrolled", "630102001"),
        Sources =
        [
            new("household_registry", "household_registry/2017-03-630102.csv", 7, "resident_id", new Dictionary<string, string> { ["name"] = "赵子龙" }),
            new("tax", "tax/2017-03.csv", 9, "linkage:12.5", new Dictionary<string, string> { ["name"] = "赵子隆" }),
        ],
        History = [new("2026-11-30", "2026-11-30", "compared: partly_enrolled")],
    };
}
