using Canbao.Domain.Identifiers;
using Canbao.Domain.Standard;
using Canbao.Reports.Rosters;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace Canbao.Reports.Departments;

/// <summary>
/// One finding sent back to the department whose feed it concerns (data-exchange feedback, 数据比对结果反馈):
/// e.g. an invalid resident ID in its drop, a value in conflict with another department, a deceased person still enrolled.
/// </summary>
/// <param name="FeedId">The feed the finding concerns (<see cref="FeedCatalog"/> id, e.g. <c>household_registry</c>).</param>
/// <param name="ResidentId">The resident ID as the department sent it (full: the department holds it already).</param>
/// <param name="Name">The name as the department sent it.</param>
/// <param name="Finding">Short Chinese finding, e.g. 身份证号码校验位错误.</param>
/// <param name="Detail">Detail: file, row, column, the other department's value.</param>
public sealed record DepartmentFinding(string FeedId, string ResidentId, string Name, string Finding, string Detail);

/// <summary>
/// Writes the lists sent back to each department: one XLSX per department (<see cref="FeedSpec.Department"/>), one sheet
/// per feed of that department, columns 数据源 / 公民身份号码 / 姓名 / 问题 / 说明, cells neutralised (<see cref="CellSafety"/>).
/// </summary>
public static class DepartmentLists
{
    /// <summary>Column headers of a department list.</summary>
    public static readonly IReadOnlyList<string> Columns = ["数据源", "公民身份号码", "姓名", "问题", "说明"];

    /// <summary>Groups findings by department (the department of each finding's feed).</summary>
    /// <exception cref="KeyNotFoundException">A finding names a feed the catalog does not know.</exception>
    public static IReadOnlyDictionary<string, IReadOnlyList<DepartmentFinding>> ByDepartment(IEnumerable<DepartmentFinding> findings) =>
        findings.GroupBy(f => FeedCatalog.Get(f.FeedId).Department)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<DepartmentFinding>)[.. g]);

    /// <summary>Writes one department's list (all findings given must belong to it) to <paramref name="output"/> (left open).</summary>
    public static void WriteXlsx(Stream output, IReadOnlyList<DepartmentFinding> findings)
    {
        var sheets = new Dictionary<string, object>();
        foreach (var feed in findings.GroupBy(f => f.FeedId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var spec = FeedCatalog.Get(feed.Key);
            sheets[Sanitize(spec.Title)] = feed.Select(f => new Dictionary<string, object>
            {
                ["数据源"] = spec.Title,
                ["公民身份号码"] = CellSafety.Neutralise(f.ResidentId),
                ["姓名"] = CellSafety.Neutralise(f.Name),
                ["问题"] = CellSafety.Neutralise(f.Finding),
                ["说明"] = CellSafety.Neutralise(f.Detail),
            }).ToList();
        }
        if (sheets.Count == 0) sheets["无"] = new List<Dictionary<string, object>> { Columns.ToDictionary(c => c, _ => (object)"") };
        var config = new OpenXmlConfiguration
        {
            TableStyles = TableStyles.None,
            DynamicColumns = [new DynamicExcelColumn("公民身份号码") { Width = 21 }, new DynamicExcelColumn("问题") { Width = 24 }, new DynamicExcelColumn("说明") { Width = 48 }],
        };
        output.SaveAs(sheets, excelType: ExcelType.XLSX, configuration: config);
    }

    /// <summary>A masked one-line summary of a finding for logs (resident ID masked, no name).</summary>
    public static string LogLine(DepartmentFinding f) => $"{f.FeedId}: {ResidentId.Mask(f.ResidentId)} {f.Finding}";

    private static string Sanitize(string sheet)
    {
        var s = new string([.. sheet.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\'))]);
        return s.Length > 31 ? s[..31] : s;
    }
}
