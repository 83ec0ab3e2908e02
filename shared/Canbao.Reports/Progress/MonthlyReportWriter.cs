using System.Globalization;
using Canbao.Domain.Standard;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace Canbao.Reports.Progress;

/// <summary>
/// Writes a <see cref="MonthlyReport"/> as XLSX: sheet 进度 (one row per area and a 合计 row: registered, enrolled,
/// coverage rate in percent with one decimal, fully enrolled, not enrolled, each insurance type, the survey funnel,
/// rejected rows) and sheet 说明 (scope, month, due date, definitions).
/// </summary>
public static class MonthlyReportWriter
{
    /// <summary>Name of the figures sheet.</summary>
    public const string FiguresSheet = "进度";

    /// <summary>Column headers of the figures sheet, in order.</summary>
    public static IReadOnlyList<string> Columns(bool isCity) =>
    [
        isCity ? "区县代码" : "乡镇（街道）代码", isCity ? "区县" : "乡镇（街道）", "登记人数", "参保人数", "参保率(%)", "全险种参保", "未参保",
        .. InsuranceVocabulary.AllTypes.Select(InsuranceVocabulary.ChineseName),
        "已派发", "已入户", "已录入", "已审核", "已确认", "已退回", "无法联系", "拒收行数",
    ];

    /// <summary>One row of the figures sheet, keyed by <see cref="Columns"/>.</summary>
    public static Dictionary<string, object> Row(ProgressFigures f, bool isCity)
    {
        var c = Columns(isCity);
        object[] values =
        [
            f.Code, f.Name, f.Registered, f.Enrolled, Math.Round(f.CoverageRate * 100, 1, MidpointRounding.AwayFromZero), f.FullyEnrolled, f.NotEnrolled,
            .. InsuranceVocabulary.AllTypes.Select(t => (object)f.EnrolledIn(t)),
            f.Funnel.Dispatched, f.Funnel.Visited, f.Funnel.Entered, f.Funnel.Reviewed, f.Funnel.Confirmed, f.Funnel.SentBack, f.Funnel.Unreachable, f.RejectedRows,
        ];
        return c.Select((name, i) => (name, values[i])).ToDictionary(x => x.name, x => x.Item2);
    }

    /// <summary>Writes the report to <paramref name="output"/> (left open).</summary>
    public static void WriteXlsx(Stream output, MonthlyReport report)
    {
        var rows = report.Rows.Select(r => Row(r, report.IsCity)).Append(Row(report.Total, report.IsCity)).ToList();
        var notes = new (string, string)[]
        {
            ("范围", $"{report.ScopeName}（{report.ScopeCode}）"),
            ("月份", report.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture)),
            ("报送期限", report.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + (report.IsCity ? "（全市：每月30日前）" : "（区县：每月25日前）")),
            ("生成时间", report.GeneratedAt.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture)),
            ("参保率", "参保人数 ÷ 登记人数；参保人数 = 至少一个险种参保缴费的人数"),
            ("调查进度", "各阶段累计：已确认的任务也计入已派发、已入户、已录入、已审核"),
        }.Select(n => new Dictionary<string, object> { ["项目"] = n.Item1, ["内容"] = n.Item2 }).ToList();
        var config = new OpenXmlConfiguration
        {
            TableStyles = TableStyles.None,
            AutoFilter = false,
            DynamicColumns = [.. Columns(report.IsCity).Select((c, i) => new DynamicExcelColumn(c) { Width = i == 1 ? 16 : Math.Max(9, c.Length * 2.2) })],
        };
        output.SaveAs(new Dictionary<string, object> { [FiguresSheet] = rows, ["说明"] = notes }, excelType: ExcelType.XLSX, configuration: config);
    }
}
