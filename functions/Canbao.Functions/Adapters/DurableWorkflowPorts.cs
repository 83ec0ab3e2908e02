using Canbao.Workflows;
using Canbao.Workflows.Contracts;
using Canbao.Workflows.Ports;
using Microsoft.DurableTask.Client;

namespace Canbao.Functions.Adapters;

/// <summary><see cref="IWorkflowStarter"/> over the Functions Durable client (bound with <c>[DurableClient]</c>).</summary>
/// <param name="client">The Durable client of the calling function.</param>
public sealed class DurableWorkflowStarter(DurableTaskClient client) : IWorkflowStarter
{
    /// <inheritdoc />
    public async Task<string> StartSurveyCampaignAsync(CampaignInput input, CancellationToken ct = default) =>
        (await WorkflowStarts.StartCampaignAsync(client, input, ct)).InstanceId;
}

/// <summary>
/// <see cref="IHistoryPurger"/> over the Functions Durable client: purges instances that completed, failed or were
/// terminated before the cut-off. Running instances (the eternal monthly report, open survey campaigns) are never purged.
/// </summary>
/// <param name="client">The Durable client of the calling function.</param>
public sealed class DurableHistoryPurger(DurableTaskClient client) : IHistoryPurger
{
    /// <inheritdoc />
    public async Task<int> PurgeAsync(PurgeRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var filter = new PurgeInstancesFilter(CreatedFrom: null, CreatedTo: request.CompletedBefore,
            Statuses: [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated]);
        var result = await client.PurgeAllInstancesAsync(filter, ct);
        return result.PurgedInstanceCount;
    }
}
