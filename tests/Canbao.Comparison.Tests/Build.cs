using Canbao.Comparison;
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
}
