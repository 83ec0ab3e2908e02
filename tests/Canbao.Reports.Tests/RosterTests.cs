using System.Text;
using Canbao.Domain.Persons;
using Canbao.Domain.Standard;
using Canbao.Reports.Rosters;
using MiniExcelLibs;
using nietras.SeparatedValues;

namespace Canbao.Reports.Tests;

public class RosterTests
{
    private static readonly DateOnly Today = new(2026, 11, 29);

    // IDs and addresses from case 06 (valid GB 11643 check characters).
    internal static Roster Sample() => new("630102001", "东关大街街道", "630102", "round-2026-11", new DateOnly(2026, 12, 20),
    [
        new("T-0001", "610113198302140373", "孙浩", "男", new DateOnly(1983, 2, 14), "西安市雁塔区示范路10号\n3单元502室", "西安市雁塔区示范路10号,3单元502室", "13800000008", CoverageStatus.NotEnrolled, "未参保"),
        new("T-0002", "370202199106060449", "吴芳", "女", new DateOnly(1991, 6, 6), "=HYPERLINK(\"http://x\",\"点击\")", "青岛市市南区样本路11号", "+8613800000009", CoverageStatus.PartlyEnrolled, "未参齐险种"),
        new("T-0003", "210102197712120553", "郑强", "男", new DateOnly(1977, 12, 12), "沈阳市和平区试验街12号", "沈阳市和平区试验街12号\r\n（临时住所）", "@13800000010", CoverageStatus.NeedsVerification, "-信息冲突"),
    ]);

    [Fact]
    public void Neutralise_prefixes_every_formula_trigger_and_restore_undoes_it()
    {
        foreach (var t in new[] { "=1+1", "+86", "-2", "@SUM(A1)", "\tx", "\rx" })
        {
            Assert.Equal("'" + t, CellSafety.Neutralise(t));
            Assert.Equal(t, CellSafety.Restore(CellSafety.Neutralise(t)));
        }
        Assert.Equal("孙浩", CellSafety.Neutralise("孙浩"));
        Assert.Equal("'abc", CellSafety.Restore("'abc")); // an apostrophe before ordinary text is the user's own
    }

    [Fact]
    public void Xlsx_roster_has_the_form_columns_full_text_ids_and_neutralised_cells()
    {
        using var ms = new MemoryStream();
        RosterWriter.WriteXlsx(ms, Sample());
        ms.Position = 0;
        Assert.Equal(new[] { "花名册", "填写说明" }, ms.GetSheetNames());
        var rows = ms.Query(useHeaderRow: true, sheetName: "花名册").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(RosterLayout.All, rows[0].Keys);
        Assert.Equal("610113198302140373", rows[0]["公民身份号码"]); // text, all 18 characters
        Assert.Equal("西安市雁塔区示范路10号\n3单元502室", rows[0]["户籍地址"]);
        Assert.Equal("'=HYPERLINK(\"http://x\",\"点击\")", rows[1]["户籍地址"]);
        Assert.Equal("'+8613800000009", rows[1]["联系电话"]);
        Assert.Equal("'@13800000010", rows[2]["联系电话"]);
        Assert.Equal("'-信息冲突", rows[2]["调查原因"]);
        Assert.Equal("3", rows[2]["序号"]);
        Assert.True(rows.All(r => (string?)r["调查结果"] is null or ""));
    }

    [Fact]
    public void Csv_roster_is_utf8_bom_crlf_with_quoted_line_breaks()
    {
        using var ms = new MemoryStream();
        RosterWriter.WriteCsv(ms, Sample());
        var bytes = ms.ToArray();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith(string.Join(',', RosterLayout.All) + "\r\n", text);
        Assert.Contains("\"西安市雁塔区示范路10号\n3单元502室\",\"西安市雁塔区示范路10号,3单元502室\"", text);
        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"点击\"\")\"", text);
        Assert.DoesNotContain(",=", text);
    }

    [Fact]
    public void Empty_roster_still_has_its_header()
    {
        using var ms = new MemoryStream();
        RosterWriter.WriteCsv(ms, Sample() with { Entries = [] });
        Assert.Equal(string.Join(',', RosterLayout.All) + "\r\n", Encoding.UTF8.GetString(ms.ToArray()[3..]));
    }

    private static void Fill(IDictionary<string, object> row, string taskId)
    {
        switch (taskId)
        {
            case "T-0001":
                row["调查结果"] = "已登记"; row["就业状态"] = "灵活就业"; row["城乡居民基本养老保险"] = "参保缴费";
                row["城乡居民基本医疗保险"] = "参保缴费"; row["职工基本养老保险"] = "未参保"; row["调查员"] = "王敏"; row["调查日期"] = "2026-11-20";
                row["参保地区划代码"] = "630102";
                break;
            case "T-0002":
                row["调查结果"] = "无法联系"; row["调查员"] = "王敏"; row["调查日期"] = "2026/11/21"; row["备注"] = "-三次未遇";
                break;
            // T-0003 left unfilled: the visit is still due.
        }
    }

    [Fact]
    public void Filled_xlsx_roster_round_trips_as_survey_results()
    {
        using var blank = new MemoryStream();
        RosterWriter.WriteXlsx(blank, Sample());
        blank.Position = 0;
        var rows = blank.Query(useHeaderRow: true, sheetName: "花名册").Cast<IDictionary<string, object>>()
            .Select(r => r.ToDictionary(kv => kv.Key, kv => kv.Value ?? "")).ToList();
        foreach (var r in rows) Fill(r, (string)r["任务编号"]);
        using var filled = new MemoryStream();
        filled.SaveAs(rows, sheetName: "花名册", excelType: ExcelType.XLSX);
        filled.Position = 0;

        var read = SurveyResultReader.Read(filled, Today);
        AssertFilledResults(read);
    }

    [Fact]
    public void Filled_csv_roster_saved_as_gb18030_round_trips_as_survey_results()
    {
        using var blank = new MemoryStream();
        RosterWriter.WriteCsv(blank, Sample());
        blank.Position = 0;
        // A surveyor opens the CSV in Excel on a Chinese system, fills it in and saves: GB18030, no BOM.
        var sb = new StringBuilder();
        using (var reader = Sep.Reader(o => o with { Unescape = true }).FromText(Encoding.UTF8.GetString(blank.ToArray()[3..])))
        using (var writer = Sep.New(',').Writer(o => o with { Escape = true }).To(new StringWriter(sb)))
        {
            foreach (var r in reader)
            {
                var cells = new Dictionary<string, object>();
                foreach (var c in RosterLayout.All) cells[c] = r[c].ToString();
                Fill(cells, (string)cells["任务编号"]);
                using var w = writer.NewRow();
                foreach (var c in RosterLayout.All) w[c].Set((string)cells[c]);
            }
        }
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        using var filled = new MemoryStream(Encoding.GetEncoding("GB18030").GetBytes(sb.ToString()));

        var read = SurveyResultReader.Read(filled, Today);
        AssertFilledResults(read);
        Assert.Equal("西安市雁塔区示范路10号,3单元502室", read.Results[0].ResidenceAddress);
    }

    private static void AssertFilledResults(RosterReadResult read)
    {
        Assert.Equal(3, read.DataRows);
        Assert.Empty(read.Errors);
        Assert.Equal([4], read.Unfilled);
        Assert.Equal(2, read.Results.Count);
        var a = read.Results[0];
        Assert.Equal((2, "T-0001", "610113198302140373", "孙浩"), (a.Row, a.TaskId, a.ResidentId, a.Name));
        Assert.Equal(SurveyOutcome.Registered, a.Outcome);
        Assert.Equal("灵活就业", a.EmploymentStatus);
        Assert.Equal(new Dictionary<InsuranceType, EnrollmentStatus>
        {
            [InsuranceType.ResidentPension] = EnrollmentStatus.Paying,
            [InsuranceType.ResidentMedical] = EnrollmentStatus.Paying,
        }, a.Enrollment);
        Assert.Equal("630102", a.EnrollmentRegion);
        Assert.Equal(new DateOnly(2026, 11, 20), a.SurveyDate);
        var b = read.Results[1];
        Assert.Equal((3, "T-0002", SurveyOutcome.Unreachable, "+8613800000009"), (b.Row, b.TaskId, b.Outcome, b.Phone));
        Assert.Equal("-三次未遇", b.Note);
        Assert.Equal(new DateOnly(2026, 11, 21), b.SurveyDate);
        Assert.Empty(b.Enrollment);
    }

    [Fact]
    public void Bad_rows_are_rejected_with_row_and_column_and_every_row_is_accounted_for()
    {
        var header = string.Join(',', RosterLayout.All);
        string Line(string task, string id, string pension, string outcome, string date) =>
            string.Join(',', RosterLayout.All.Select(c => c switch
            {
                "任务编号" => task, "公民身份号码" => id, "职工基本养老保险" => pension, "调查结果" => outcome, "调查日期" => date, _ => "",
            }));
        var csv = string.Join("\r\n", header,
            Line("T-1", "610113198302140374", "", "已登记", ""),          // check character wrong
            Line("T-2", "370202199106060449", "交了", "已登记", ""),       // unknown status
            Line("T-3", "210102197712120553", "", "不在家", ""),           // unknown outcome
            Line("T-4", "210102197712120553", "暂停缴费", "已登记", "2027-01-01"), // future date
            Line("", "", "", "", ""),                                       // empty row: not counted
            Line("T-5", "21010277121255", "", "", ""),                    // unfilled: not checked yet
            Line("T-6", "210102771212055", "参保缴费", "已登记", "20261101")) + "\r\n"; // 15-digit ID upgraded
        var read = SurveyResultReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)), Today);

        Assert.Equal(6, read.DataRows);
        Assert.Equal([7], read.Unfilled);
        Assert.Equal(new[] { (2, "公民身份号码"), (3, "职工基本养老保险"), (4, "调查结果"), (5, "调查日期") },
            read.Errors.Select(e => (e.Row, e.Column)));
        Assert.Contains("ID_", read.Errors[0].Message);
        Assert.DoesNotContain("610113198302140374", read.Errors[0].Message);
        var ok = Assert.Single(read.Results);
        Assert.Equal((8, "210102197712120553", EnrollmentStatus.Paying), (ok.Row, ok.ResidentId, ok.Enrollment[InsuranceType.EmployeePension]));
        Assert.Equal(read.DataRows, read.Results.Count + read.Errors.Select(e => e.Row).Distinct().Count() + read.Unfilled.Count);
    }

    [Fact]
    public void A_file_without_roster_columns_is_refused_naming_them()
    {
        var ex = Assert.Throws<InvalidDataException>(() =>
            SurveyResultReader.Read(new MemoryStream(Encoding.UTF8.GetBytes("姓名,公民身份号码\r\n孙浩,610113198302140373\r\n")), Today));
        Assert.Contains("任务编号", ex.Message);
        Assert.Contains("调查结果", ex.Message);
    }
}
