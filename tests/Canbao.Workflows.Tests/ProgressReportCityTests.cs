using Canbao.Hosting;
using Canbao.Hosting.Reports;
using Canbao.Hosting.Rounds;
using Canbao.Store.Sqlite;
using Canbao.Workflows.Contracts;
using MiniExcelLibs;

namespace Canbao.Workflows.Tests;

/// <summary>
/// The monthly report is about the city the round's persons live in: districts of other cities that appear in the
/// round's statistics (persons registered elsewhere) get no district report and are not rows of the city report.
/// </summary>
public sealed class ProgressReportCityTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("canbao-report-city-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private sealed class Clock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2017, 4, 20, 2, 0, 0, TimeSpan.Zero);
    }

    [Fact]
    public async Task The_city_is_the_prefix_holding_most_persons_and_other_cities_districts_are_left_out()
    {
        var artifacts = new FolderArtifactStore(dir);
        const string round = "20170331-2017-03";
        await artifacts.WriteAsync(ArtifactRoundRunner.LatestSummary, """{"round":"20170331-2017-03","persons":18}"""u8.ToArray());
        // Lowest code first on purpose: 410105 (Zhengzhou) sorts before Xining's 6301xx districts.
        await artifacts.WriteAsync(ArtifactRoundRunner.RoundPrefix(round) + "out/statistics.csv",
            "district_code,persons\n410105,1\n610103,2\n630102,10\n630103,5\n"u8.ToArray());
        var writer = new ProgressReportWriter(artifacts, new SqlitePersonStore(Path.Combine(dir, "persons.db")), new Clock());

        var city = await writer.WriteCityReportAsync(new ReportRequest("2017-03"));
        var districts = await writer.WriteDistrictReportsAsync(new ReportRequest("2017-03"));

        Assert.Equal("reports/monthly/2017-03/city-630100.xlsx", city.Ref);
        Assert.Equal(2, districts.Reports);
        Assert.True(File.Exists(Path.Combine(dir, "reports/monthly/2017-03/district-630102.xlsx")));
        Assert.True(File.Exists(Path.Combine(dir, "reports/monthly/2017-03/district-630103.xlsx")));
        Assert.False(File.Exists(Path.Combine(dir, "reports/monthly/2017-03/district-410105.xlsx")));
        var rows = new MemoryStream((await artifacts.ReadAsync(city.Ref))!).Query(useHeaderRow: true, sheetName: "进度")
            .Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(["630102", "630103"], rows.Take(rows.Count - 1).Select(r => (string)r["区县代码"]));
    }
}
