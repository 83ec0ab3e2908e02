using Canbao.Workflows.Contracts;
using Microsoft.DurableTask;

namespace Canbao.Workflows.Reports;

/// <summary>
/// The monthly progress report, an eternal orchestration (instance id <see cref="WorkflowIds.MonthlyReport"/>): for each
/// period wait until <see cref="ReportSchedule.DistrictsDueUtc"/>, write the district reports; wait until
/// <see cref="ReportSchedule.CityDueUtc"/>, write the city report; purge completed history older than
/// <see cref="MonthlyReportInput.RetainDays"/>; then ContinueAsNew with the next period (history stays one month long).
/// A period whose due times have passed runs at once (catch-up). With <see cref="MonthlyReportInput.Until"/> set it
/// completes after that period.
/// </summary>
public sealed class MonthlyReportOrchestrator : TaskOrchestrator<MonthlyReportInput, MonthlyReportResult?>
{
    /// <inheritdoc />
    public override async Task<MonthlyReportResult?> RunAsync(TaskOrchestrationContext context, MonthlyReportInput input)
    {
        var period = new ReportRequest(input.Period);
        context.SetCustomStatus($"{input.Period}: waiting for district day");
        await WaitUntil(context, ReportSchedule.DistrictsDueUtc(input.Year, input.Month));
        await context.CallActivityAsync<ReportRef>(nameof(WriteDistrictReports), period);

        context.SetCustomStatus($"{input.Period}: waiting for city day");
        await WaitUntil(context, ReportSchedule.CityDueUtc(input.Year, input.Month));
        await context.CallActivityAsync<ReportRef>(nameof(WriteCityReport), period);

        var purged = await context.CallActivityAsync<int>(nameof(PurgeHistory),
            new PurgeRequest(context.CurrentUtcDateTime.AddDays(-input.RetainDays)));

        if (input.Until is not null && string.CompareOrdinal(input.Period, input.Until) >= 0)
            return new MonthlyReportResult(input.Period, 1, purged);
        var (year, month) = ReportSchedule.Next(input.Year, input.Month);
        context.ContinueAsNew(input with { Year = year, Month = month });
        return null;
    }

    private static Task WaitUntil(TaskOrchestrationContext context, DateTime dueUtc) =>
        dueUtc > context.CurrentUtcDateTime ? context.CreateTimer(dueUtc, CancellationToken.None) : Task.CompletedTask;
}
