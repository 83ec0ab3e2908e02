using System.Text.Json;
using Canbao.Workflows;
using Canbao.Workflows.Contracts;
using Canbao.Workflows.Ports;
using Microsoft.DurableTask.Client;

namespace Canbao.Cli.Hosting.Adapters;

/// <summary><see cref="IWorkflowStarter"/> and <see cref="IHistoryPurger"/> over the local host's Durable Task client.</summary>
/// <param name="client">The client.</param>
public sealed class ClientPorts(DurableTaskClient client) : IWorkflowStarter, IHistoryPurger
{
    public async Task<string> StartSurveyCampaignAsync(CampaignInput input, CancellationToken ct = default) =>
        (await WorkflowStarts.StartCampaignAsync(client, input, ct)).InstanceId;

    public async Task<int> PurgeAsync(PurgeRequest request, CancellationToken ct = default)
    {
        var filter = new PurgeInstancesFilter(null, request.CompletedBefore,
            [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated]);
        return (await client.PurgeAllInstancesAsync(filter, ct)).PurgedInstanceCount;
    }
}

/// <summary>
/// <see cref="IReportWriter"/> on one machine: the latest round's counts per district and for the city, written to
/// reports/monthly/&lt;period&gt;/ as JSON (the Canbao.Reports renderers take over when wired).
/// </summary>
/// <param name="layout">The data folder.</param>
public sealed class LocalReportWriter(LocalLayout layout) : IReportWriter
{
    public async Task<ReportRef> WriteDistrictReportsAsync(ReportRequest request, CancellationToken ct = default)
    {
        var dir = Directory.CreateDirectory(Path.Combine(layout.MonthlyReports, request.Period)).FullName;
        var latest = Path.Combine(layout.Rounds, "latest.json");
        var body = File.Exists(latest) ? await File.ReadAllTextAsync(latest, ct) : "{}";
        await File.WriteAllTextAsync(Path.Combine(dir, "districts.json"), body, ct);
        return new ReportRef(request.Period, 1, Path.GetRelativePath(layout.Root, Path.Combine(dir, "districts.json")));
    }

    public async Task<ReportRef> WriteCityReportAsync(ReportRequest request, CancellationToken ct = default)
    {
        var dir = Directory.CreateDirectory(Path.Combine(layout.MonthlyReports, request.Period)).FullName;
        var latest = Path.Combine(layout.Rounds, "latest.json");
        var body = File.Exists(latest) ? await File.ReadAllTextAsync(latest, ct) : "{}";
        await File.WriteAllTextAsync(Path.Combine(dir, "city.json"), JsonSerializer.Serialize(new { period = request.Period, latest_round = JsonDocument.Parse(body).RootElement }), ct);
        return new ReportRef(request.Period, 1, Path.GetRelativePath(layout.Root, Path.Combine(dir, "city.json")));
    }
}
