using Canbao.Domain.Standard;
using Canbao.Reports.Progress;
using MiniExcelLibs;

namespace Canbao.Reports.Tests;

public class MonthlyReportTests
{
    internal static MonthlyReport CityReport() => new(new DateOnly(2026, 11, 1), "630100", "西宁市", true,
    [
        new("630102", "城东区", 300, 200, 150, 100,
            new Dictionary<InsuranceType, int> { [InsuranceType.EmployeePension] = 120, [InsuranceType.ResidentMedical] = 170 },
            new SurveyFunnel(100, 80, 60, 50, 40, 3, 5), 7),
        new("630103", "城中区", 200, 180, 160, 20,
            new Dictionary<InsuranceType, int> { [InsuranceType.EmployeePension] = 90, [InsuranceType.ResidentPension] = 60 },
            new SurveyFunnel(20, 20, 18, 18, 18, 0, 1), 2),
    ], new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.FromHours(8)));

    [Fact]
    public void Coverage_rate_and_totals_are_computed_from_the_figures()
    {
        var r = CityReport();
        Assert.Equal(200.0 / 300, r.Rows[0].CoverageRate, 10);
        var t = r.Total;
        Assert.Equal((500, 380, 310, 120, 9), (t.Registered, t.Enrolled, t.FullyEnrolled, t.NotEnrolled, t.RejectedRows));
        Assert.Equal(0.76, t.CoverageRate, 10);
        Assert.Equal(210, t.EnrolledIn(InsuranceType.EmployeePension));
        Assert.Equal(0, t.EnrolledIn(InsuranceType.LandExpropriatedPension));
        Assert.Equal(new SurveyFunnel(120, 100, 78, 68, 58, 3, 6), t.Funnel);
        Assert.Equal(0, new ProgressFigures("x", "x", 0, 0, 0, 0, new Dictionary<InsuranceType, int>(), SurveyFunnel.Empty, 0).CoverageRate);
    }

    [Fact]
    public void Due_dates_follow_the_plan_district_25th_city_30th_or_month_end()
    {
        Assert.Equal(new DateOnly(2026, 11, 30), CityReport().DueDate);
        Assert.Equal(new DateOnly(2027, 2, 28), (CityReport() with { Month = new DateOnly(2027, 2, 1) }).DueDate);
        Assert.Equal(new DateOnly(2026, 11, 25), (CityReport() with { IsCity = false }).DueDate);
    }

    [Fact]
    public void Xlsx_has_one_row_per_district_and_a_total_row_with_real_values()
    {
        using var ms = new MemoryStream();
        MonthlyReportWriter.WriteXlsx(ms, CityReport());
        ms.Position = 0;
        Assert.Equal(new[] { "进度", "说明" }, ms.GetSheetNames());
        var rows = ms.Query(useHeaderRow: true, sheetName: "进度").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(MonthlyReportWriter.Columns(true), rows[0].Keys);
        Assert.Equal("城东区", rows[0]["区县"]);
        Assert.Equal(66.7, Convert.ToDouble(rows[0]["参保率(%)"]));
        Assert.Equal(90.0, Convert.ToDouble(rows[1]["参保率(%)"]));
        Assert.Equal("西宁市合计", rows[2]["区县"]);
        Assert.Equal(76.0, Convert.ToDouble(rows[2]["参保率(%)"]));
        Assert.Equal(500, Convert.ToInt32(rows[2]["登记人数"]));
        Assert.Equal(210, Convert.ToInt32(rows[2]["职工基本养老保险"]));
        Assert.Equal(58, Convert.ToInt32(rows[2]["已确认"]));
        var notes = ms.Query(useHeaderRow: true, sheetName: "说明").Cast<IDictionary<string, object>>().ToList();
        Assert.Contains(notes, n => (string)n["项目"] == "报送期限" && ((string)n["内容"]).StartsWith("2026-11-30"));
    }

    [Fact]
    public void Chart_is_a_png_of_the_requested_size()
    {
        var png = ProgressChart.RenderPng(CityReport(), 800, 450);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
        // IHDR: width and height, big-endian, at bytes 16..24.
        Assert.Equal(800, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Equal(450, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
        var dir = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, "progress-chart.png"), png);
    }
}
