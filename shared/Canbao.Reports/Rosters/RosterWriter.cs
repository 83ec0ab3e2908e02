using System.Globalization;
using System.Text;
using Canbao.Domain.Standard;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;
using nietras.SeparatedValues;

namespace Canbao.Reports.Rosters;

/// <summary>
/// Writes a township's survey roster (花名册) in the registration-form layout (<see cref="RosterLayout"/>):
/// XLSX (sheet 1 the roster, every cell text so resident IDs keep all 18 characters, ready to print:
/// <see cref="RosterPrintSetup"/>; sheet 2 how to fill it in) or
/// CSV (UTF-8 with BOM so Excel/WPS open the Chinese correctly; RFC 4180 quoting keeps in-cell line breaks, case 06).
/// Every cell is passed through <see cref="CellSafety.Neutralise"/>.
/// </summary>
public static class RosterWriter
{
    /// <summary>The name of the roster sheet in the XLSX: 花名册.</summary>
    public const string RosterSheet = "花名册";

    /// <summary>The name of the instructions sheet in the XLSX: 填写说明.</summary>
    public const string InstructionsSheet = "填写说明";

    /// <summary>The roster's rows as column → cell text, in roster order (what both formats write).</summary>
    public static IEnumerable<Dictionary<string, object>> Rows(Roster roster)
    {
        var n = 0;
        foreach (var e in roster.Entries)
        {
            n++;
            var row = RosterLayout.All.ToDictionary(c => c, _ => (object)"");
            row[RosterLayout.RowNo] = n.ToString(CultureInfo.InvariantCulture);
            row[RosterLayout.TaskId] = e.TaskId;
            row[StandardFields.Name.Label] = e.Name;
            row[StandardFields.ResidentId.Label] = e.ResidentId;
            row[StandardFields.Sex.Label] = e.Sex;
            row[StandardFields.BirthDate.Label] = e.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
            row[StandardFields.HukouAddress.Label] = e.HukouAddress;
            row[StandardFields.ResidenceAddress.Label] = e.ResidenceAddress;
            row[StandardFields.Phone.Label] = e.Phone;
            row[RosterLayout.Reason] = e.Reason;
            foreach (var key in row.Keys.ToList()) row[key] = CellSafety.Neutralise((string)row[key]);
            yield return row;
        }
    }

    /// <summary>Writes the roster as XLSX to <paramref name="output"/> (left open).</summary>
    public static void WriteXlsx(Stream output, Roster roster)
    {
        var config = new OpenXmlConfiguration
        {
            TableStyles = TableStyles.None,
            AutoFilter = false,
            DynamicColumns = [.. RosterLayout.All.Select(c => new DynamicExcelColumn(c) { Width = RosterLayout.Width(c) })],
        };
        var sheets = new Dictionary<string, object>
        {
            [RosterSheet] = Rows(roster).ToList(),
            [InstructionsSheet] = Instructions(roster),
        };
        using var buffer = new MemoryStream();
        buffer.SaveAs(sheets, printHeader: true, excelType: ExcelType.XLSX, configuration: config);
        RosterPrintSetup.Apply(buffer, RosterSheet, RosterPrintSetup.Header(roster), RosterPrintSetup.Footer(roster));
        buffer.Position = 0;
        buffer.CopyTo(output);
    }

    /// <summary>Writes the roster as CSV (UTF-8 with BOM, CRLF, RFC 4180 quoting) to <paramref name="output"/> (left open).</summary>
    public static void WriteCsv(Stream output, Roster roster)
    {
        using var text = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true) { NewLine = "\r\n" };
        using (var writer = Sep.New(',').Writer(o => o with { Escape = true }).To(text))
        {
            if (roster.Entries.Count == 0)
            {
                // Sep writes the header with the first row; an empty roster still gets its header line.
                text.WriteLine(string.Join(',', RosterLayout.All));
            }
            foreach (var r in Rows(roster))
            {
                using var row = writer.NewRow();
                foreach (var c in RosterLayout.All) row[c].Set((string)r[c]);
            }
        }
        text.Flush();
    }

    private static List<Dictionary<string, object>> Instructions(Roster roster)
    {
        var statuses = string.Join(" / ", Enum.GetValues<EnrollmentStatus>().Select(InsuranceVocabulary.ChineseName)) + " / " + RosterLayout.NotEnrolled;
        var outcomes = string.Join(" / ", Enum.GetValues<SurveyOutcome>().Select(SurveyOutcomes.ChineseName));
        (string, string)[] lines =
        [
            ("乡镇（街道）", $"{roster.TownshipName}（{roster.TownshipCode}）"),
            ("区县代码", roster.DistrictCode),
            ("调查批次", roster.CampaignId),
            ("交回期限", roster.Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("人数", roster.Entries.Count.ToString(CultureInfo.InvariantCulture)),
            ("各险种列填写", statuses),
            (RosterLayout.Outcome, outcomes + "（未填写视为尚未入户）"),
            (RosterLayout.SurveyDate, "yyyy-MM-dd"),
            ("注意", "请勿修改表头、任务编号和公民身份号码；身份证号码单元格须为文本格式。"),
        ];
        return [.. lines.Select(l => new Dictionary<string, object> { ["项目"] = l.Item1, ["说明"] = CellSafety.Neutralise(l.Item2) })];
    }
}
