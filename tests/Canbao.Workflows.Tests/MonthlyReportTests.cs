using Canbao.Workflows.Contracts;
using Canbao.Workflows.Reports;

namespace Canbao.Workflows.Tests;

public sealed class MonthlyReportTests
{
    [Fact]
    public async Task Catch_up_writes_districts_then_city_each_month_purges_and_continues_as_new()
    {
        await using var host = await WorkflowHost.StartAsync();
        var (id, _) = await WorkflowStarts.StartMonthlyReportAsync(host.Client, new MonthlyReportInput(2025, 11, 30, Until: "2026-02"));
        var meta = await host.CompleteAsync(id);
        Assert.Equal(new MonthlyReportResult("2026-02", 1, 4), meta.ReadOutputAs<MonthlyReportResult>());
        Assert.Equal([
            "districts 2025-11", "city 2025-11", "purge", "districts 2025-12", "city 2025-12", "purge",
            "districts 2026-01", "city 2026-01", "purge", "districts 2026-02", "city 2026-02", "purge",
        ], host.Reports.Log);
        // ContinueAsNew kept the history to one month: the final input is the last period's.
        Assert.Equal(new MonthlyReportInput(2026, 2, 30, "2026-02"), meta.ReadInputAs<MonthlyReportInput>());
    }

    [Theory]
    [InlineData(2026, 11, "2026-11-24T16:00:00Z", "2026-11-29T16:00:00Z")]
    [InlineData(2026, 2, "2026-02-24T16:00:00Z", "2026-02-27T16:00:00Z")]
    [InlineData(2028, 2, "2028-02-24T16:00:00Z", "2028-02-28T16:00:00Z")]
    [InlineData(2026, 12, "2026-12-24T16:00:00Z", "2026-12-29T16:00:00Z")]
    public void Districts_are_due_on_the_25th_and_the_city_on_the_30th_or_the_last_day_China_time(int year, int month, string districts, string city)
    {
        Assert.Equal(DateTime.Parse(districts).ToUniversalTime(), ReportSchedule.DistrictsDueUtc(year, month));
        Assert.Equal(DateTime.Parse(city).ToUniversalTime(), ReportSchedule.CityDueUtc(year, month));
        Assert.Equal(DateTimeKind.Utc, ReportSchedule.CityDueUtc(year, month).Kind);
    }

    [Fact]
    public void Next_period_rolls_the_year()
    {
        Assert.Equal((2027, 1), ReportSchedule.Next(2026, 12));
        Assert.Equal((2026, 12), ReportSchedule.Next(2026, 11));
    }
}
