using Canbao.Hosting;
using Canbao.Hosting.Reports;
using Canbao.Store;
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
/// The monthly progress report on one machine: <see cref="ProgressReportWriter"/> over the data folder (XLSX per district
/// and for the city, PNG chart, under DIR/reports/monthly/&lt;period&gt;/) from the SQLite person store.
/// </summary>
/// <param name="layout">The data folder.</param>
/// <param name="store">The person store.</param>
public sealed class LocalReportWriter(LocalLayout layout, IPersonStore store) : ProgressReportWriter(new FolderArtifactStore(layout.Root), store);
