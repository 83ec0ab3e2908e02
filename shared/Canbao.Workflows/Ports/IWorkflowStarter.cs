using Canbao.Workflows.Contracts;

namespace Canbao.Workflows.Ports;

/// <summary>
/// Starts another workflow without waiting for it (a round starts its survey campaign, which runs for weeks). The host
/// implements it with its Durable Task client, using <see cref="WorkflowIds"/> so a second start is a no-op.
/// </summary>
public interface IWorkflowStarter
{
    /// <summary>Starts the survey campaign of a round unless an instance with its id exists; returns the instance id.</summary>
    Task<string> StartSurveyCampaignAsync(CampaignInput input, CancellationToken ct = default);
}
