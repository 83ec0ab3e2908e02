using Canbao.Workflows.Contracts;

namespace Canbao.Workflows.Ports;

/// <summary>Monthly progress reports (registered, enrolled per insurance, coverage rate, survey funnel, rejects).</summary>
public interface IReportWriter
{
    /// <summary>Writes one report per district for the period. Idempotent (same period overwrites).</summary>
    Task<ReportRef> WriteDistrictReportsAsync(ReportRequest request, CancellationToken ct = default);

    /// <summary>Writes the city report for the period. Idempotent.</summary>
    Task<ReportRef> WriteCityReportAsync(ReportRequest request, CancellationToken ct = default);
}
