using Canbao.Workflows.Contracts;
using Canbao.Workflows.Ports;
using Microsoft.DurableTask;

namespace Canbao.Workflows.Reports;

/// <summary>Writes the district reports (<see cref="IReportWriter.WriteDistrictReportsAsync"/>).</summary>
/// <param name="writer">The report writer.</param>
public sealed class WriteDistrictReports(IReportWriter writer) : TaskActivity<ReportRequest, ReportRef>
{
    /// <inheritdoc />
    public override Task<ReportRef> RunAsync(TaskActivityContext context, ReportRequest input) => writer.WriteDistrictReportsAsync(input);
}

/// <summary>Writes the city report (<see cref="IReportWriter.WriteCityReportAsync"/>).</summary>
/// <param name="writer">The report writer.</param>
public sealed class WriteCityReport(IReportWriter writer) : TaskActivity<ReportRequest, ReportRef>
{
    /// <inheritdoc />
    public override Task<ReportRef> RunAsync(TaskActivityContext context, ReportRequest input) => writer.WriteCityReportAsync(input);
}

/// <summary>Purges completed orchestration history (<see cref="IHistoryPurger.PurgeAsync"/>); returns how many.</summary>
/// <param name="purger">The history purger.</param>
public sealed class PurgeHistory(IHistoryPurger purger) : TaskActivity<PurgeRequest, int>
{
    /// <inheritdoc />
    public override Task<int> RunAsync(TaskActivityContext context, PurgeRequest input) => purger.PurgeAsync(input);
}
