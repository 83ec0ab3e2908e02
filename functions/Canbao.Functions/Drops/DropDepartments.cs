using Canbao.Domain.Standard;

namespace Canbao.Functions.Drops;

/// <summary>
/// The departments that upload drops, each with its own container <c>drops-&lt;slug&gt;</c> and blob-trigger function
/// <c>Drop_&lt;Slug&gt;</c>. Source: the plan's division of work (DESIGN.md "Departments and what each feed brings");
/// the Chinese names are <see cref="FeedSpec.Department"/> values. infra/main.bicep lists the same slugs (a test compares).
/// </summary>
public static class DropDepartments
{
    /// <summary>Slug → department as <see cref="FeedCatalog"/> names it.</summary>
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>
    {
        ["public-security"] = "公安",
        ["social-insurance"] = "社保",
        ["provincial-registry"] = "省库",
        ["health"] = "卫生计生",
        ["education"] = "教育",
        ["justice"] = "司法",
        ["civil-affairs"] = "民政",
        ["market-supervision"] = "市场监管",
        ["tax"] = "地税",
        ["construction"] = "规划建设",
        ["hrss"] = "人社",
    };

    /// <summary>Container prefix: a department's drops are in <c>drops-&lt;slug&gt;</c>.</summary>
    public const string ContainerPrefix = "drops-";

    /// <summary>The container of a department slug.</summary>
    public static string Container(string slug) => ContainerPrefix + slug;

    /// <summary>The blob-trigger function name of a department slug: <c>Drop_</c> + PascalCase(slug), e.g. <c>Drop_PublicSecurity</c>.</summary>
    public static string FunctionName(string slug) =>
        "Drop_" + string.Concat(slug.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    /// <summary>The slug whose Chinese department name is <paramref name="department"/>, or null.</summary>
    public static string? SlugOf(string department) => All.FirstOrDefault(d => d.Value == department).Key;

    /// <summary>The feeds a department uploads (by slug).</summary>
    public static IEnumerable<FeedSpec> FeedsOf(string slug) =>
        All.TryGetValue(slug, out var department) ? FeedCatalog.All.Where(f => f.Department == department) : [];
}
