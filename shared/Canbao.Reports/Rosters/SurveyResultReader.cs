using System.Globalization;
using System.Text;
using Canbao.Domain.Identifiers;
using Canbao.Domain.Standard;
using MiniExcelLibs;
using nietras.SeparatedValues;

namespace Canbao.Reports.Rosters;

/// <summary>
/// Reads a filled roster (XLSX or CSV, as written by <see cref="RosterWriter"/> and filled in by survey staff) back as
/// survey results. The format is told by content (an XLSX is a ZIP: "PK"); a CSV is read as UTF-8 (BOM or not) unless
/// it is not valid UTF-8, then as GB18030 — what Excel/WPS save on a Chinese system (case 04).
/// Columns are found by header, so staff may reorder them; unknown columns are ignored.
/// </summary>
public static class SurveyResultReader
{
    static SurveyResultReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Reads every row of the roster in <paramref name="input"/>.</summary>
    /// <param name="input">The file's bytes (read to the end; left open).</param>
    /// <param name="processingDate">Date of the reading: resident IDs with a later birth date and survey dates after it are errors.</param>
    /// <exception cref="InvalidDataException">The header lacks 任务编号, 公民身份号码 or 调查结果 — not a roster.</exception>
    public static RosterReadResult Read(Stream input, DateOnly processingDate)
    {
        using var buffer = new MemoryStream();
        input.CopyTo(buffer);
        var bytes = buffer.ToArray();
        var rows = bytes.Length >= 2 && bytes[0] == 'P' && bytes[1] == 'K' ? ReadXlsx(bytes) : ReadCsv(bytes);
        return Interpret(rows, processingDate);
    }

    private static List<(int Row, Dictionary<string, string> Cells)> ReadXlsx(byte[] bytes)
    {
        using var s = new MemoryStream(bytes);
        var sheet = s.GetSheetNames().Contains(RosterWriter.RosterSheet) ? RosterWriter.RosterSheet : null;
        var rows = new List<(int, Dictionary<string, string>)>();
        var n = 1;
        foreach (IDictionary<string, object?> r in s.Query(useHeaderRow: true, sheetName: sheet, excelType: ExcelType.XLSX))
        {
            n++;
            rows.Add((n, r.ToDictionary(kv => kv.Key.Trim(), kv => CellText(kv.Value))));
        }
        return rows;
    }

    private static List<(int Row, Dictionary<string, string> Cells)> ReadCsv(byte[] bytes)
    {
        string text;
        try { text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes); }
        catch (DecoderFallbackException) { text = Encoding.GetEncoding("GB18030").GetString(bytes); }
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var rows = new List<(int, Dictionary<string, string>)>();
        using var reader = Sep.Reader(o => o with { Unescape = true, DisableColCountCheck = true }).FromText(text);
        var names = reader.Header.ColNames;
        var n = 1;
        foreach (var r in reader)
        {
            n++;
            var cells = new Dictionary<string, string>();
            for (var i = 0; i < Math.Min(names.Count, r.ColCount); i++) cells[names[i].Trim()] = r[i].ToString();
            rows.Add((n, cells));
        }
        return rows;
    }

    /// <summary>A cell's value as text; numbers and dates a spreadsheet made of typed text are rendered back.</summary>
    private static string CellText(object? v) => v switch
    {
        null => "",
        string s => s,
        DateTime d => d.ToString(d.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        double d => d.ToString("0.###############", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    private static RosterReadResult Interpret(List<(int Row, Dictionary<string, string> Cells)> rows, DateOnly today)
    {
        string[] required = [RosterLayout.TaskId, StandardFields.ResidentId.Label, RosterLayout.Outcome];
        var header = rows.Count > 0 ? rows[0].Cells.Keys.ToHashSet() : [];
        var missing = required.Where(c => !header.Contains(c)).ToList();
        if (rows.Count > 0 && missing.Count > 0)
            throw new InvalidDataException($"Not a survey roster: the header row (row 1) has no column {string.Join(", ", missing)}.");

        var results = new List<SurveyResult>();
        var errors = new List<RosterRowError>();
        var unfilled = new List<int>();
        var dataRows = 0;
        foreach (var (row, raw) in rows)
        {
            var cells = raw.ToDictionary(kv => kv.Key, kv => CellSafety.Restore(kv.Value).Trim());
            if (cells.Values.All(string.IsNullOrEmpty)) continue;
            dataRows++;
            string Cell(string column) => cells.TryGetValue(column, out var v) ? v : "";

            var outcomeText = Cell(RosterLayout.Outcome);
            if (outcomeText.Length == 0) { unfilled.Add(row); continue; }

            var rowErrors = new List<RosterRowError>();
            void Error(string column, string message) => rowErrors.Add(new RosterRowError(row, column, message));

            if (!SurveyOutcomes.TryParse(outcomeText, out var outcome))
                Error(RosterLayout.Outcome, $"调查结果应为 已登记/无法联系/已迁出/已死亡 (unknown outcome \"{outcomeText}\")");

            var taskId = Cell(RosterLayout.TaskId);
            if (taskId.Length == 0) Error(RosterLayout.TaskId, "任务编号为空 (the task id is missing)");

            var idText = Cell(StandardFields.ResidentId.Label);
            var parsed = ResidentIdParser.Parse(idText, today);
            if (!parsed.IsValid)
            {
                var why = parsed.Errors.FirstOrDefault();
                Error(StandardFields.ResidentId.Label, $"公民身份号码无效 (invalid resident ID: {why?.Code}: {why?.Message})");
            }

            var enrollment = new Dictionary<InsuranceType, EnrollmentStatus>();
            foreach (var type in InsuranceVocabulary.AllTypes)
            {
                var column = RosterLayout.InsuranceColumn(type);
                var v = Cell(column);
                if (v.Length == 0 || v == RosterLayout.NotEnrolled) continue;
                if (InsuranceVocabulary.TryParseStatus(v, out var status)) enrollment[type] = status;
                else Error(column, $"参保状态应为 参保缴费/暂停缴费/终止参保/未参保 (unknown status \"{CellSafety.Neutralise(v)}\")");
            }

            DateOnly? surveyDate = null;
            var dateText = Cell(RosterLayout.SurveyDate);
            if (dateText.Length > 0)
            {
                if (TryParseDate(dateText, out var d) && d <= today) surveyDate = d;
                else Error(RosterLayout.SurveyDate, $"调查日期无效或晚于今天 (invalid or future survey date \"{dateText}\")");
            }

            if (rowErrors.Count > 0) { errors.AddRange(rowErrors); continue; }
            results.Add(new SurveyResult(
                row, taskId, parsed.Id!.Value.Value, Cell(StandardFields.Name.Label), Cell(StandardFields.Phone.Label),
                Cell(StandardFields.ResidenceAddress.Label), Cell(StandardFields.EmploymentStatus.Label),
                Cell(StandardFields.EmployerName.Label), Cell(StandardFields.EmployerUscc.Label), enrollment,
                Cell(StandardFields.EnrollmentRegion.Label), Cell(RosterLayout.UnenrolledReason), outcome,
                Cell(RosterLayout.Surveyor), surveyDate, Cell(RosterLayout.Note)));
        }
        return new RosterReadResult(dataRows, results, errors, unfilled);
    }

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyyMMdd", "yyyy年M月d日", "yyyy.M.d", "yyyy-MM-dd HH:mm"];

    private static bool TryParseDate(string text, out DateOnly date)
    {
        if (DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt)) { date = DateOnly.FromDateTime(dt); return true; }
        date = default;
        return false;
    }
}
