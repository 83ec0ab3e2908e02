using Canbao.Domain.Standard;
using Canbao.Domain.Validation;

namespace Canbao.Domain.Tests;

/// <summary>Builds registration-form rows (the cases' header) for the validator.</summary>
internal static class RowHelper
{
    public static readonly DateOnly Today = new(2026, 11, 29);

    public static RecordValidator Registration(ValidationContext? context = null) =>
        new(FeedCatalog.Registration, new string?[FeedCatalog.Registration.Fields.Count], context ?? ValidationContext.For(Today));

    /// <summary>A comma-separated case line (no quoting) in the cases' 11-column order; the last two form fields stay empty.</summary>
    public static string?[] Cells(string line)
    {
        var cells = new string?[FeedCatalog.Registration.Fields.Count];
        var parts = line.Split(',');
        for (var i = 0; i < parts.Length; i++) cells[i] = parts[i];
        return cells;
    }

    /// <summary>A clean registration row with the given ID, with optional overrides by standard key.</summary>
    public static string?[] Row(string id, params (string key, string? value)[] overrides)
    {
        var cells = Cells($"测试,{id},男,1986-01-15,南京市玄武区范例巷6号,南京市玄武区范例巷6号,13800000005,示例科技有限公司,91310115MA1K3Y4Q78,职工基本养老保险,参保缴费");
        foreach (var (key, value) in overrides)
        {
            var index = FeedCatalog.Registration.Fields.Select((f, i) => (f, i)).Single(x => x.f.Field.Key == key).i;
            cells[index] = value;
        }
        return cells;
    }

    public static IEnumerable<string> Codes(this RowResult r) => r.Issues.Select(i => i.Issue.Code);
}
