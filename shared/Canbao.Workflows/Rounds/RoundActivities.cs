using Canbao.Workflows.Contracts;
using Canbao.Workflows.Ports;
using Microsoft.DurableTask;

namespace Canbao.Workflows.Rounds;

/// <summary>Plans a round (<see cref="IRoundRunner.PlanAsync"/>); input is the round id.</summary>
/// <param name="runner">The round runner.</param>
public sealed class PlanRound(IRoundRunner runner) : TaskActivity<string, RoundPlan>
{
    /// <inheritdoc />
    public override Task<RoundPlan> RunAsync(TaskActivityContext context, string input) => runner.PlanAsync(input);
}

/// <summary>Compares one partition (<see cref="IRoundRunner.RunPartitionAsync"/>).</summary>
/// <param name="runner">The round runner.</param>
public sealed class RunRoundPartition(IRoundRunner runner) : TaskActivity<PartitionRequest, PartitionResult>
{
    /// <inheritdoc />
    public override Task<PartitionResult> RunAsync(TaskActivityContext context, PartitionRequest input) => runner.RunPartitionAsync(input);
}

/// <summary>Persists and writes outputs (<see cref="IRoundRunner.CompleteAsync"/>).</summary>
/// <param name="runner">The round runner.</param>
public sealed class CompleteRound(IRoundRunner runner) : TaskActivity<RoundCompletion, RoundSummary>
{
    /// <inheritdoc />
    public override Task<RoundSummary> RunAsync(TaskActivityContext context, RoundCompletion input) => runner.CompleteAsync(input);
}

/// <summary>Starts the round's survey campaign (<see cref="IWorkflowStarter.StartSurveyCampaignAsync"/>); returns its instance id.</summary>
/// <param name="starter">The workflow starter.</param>
public sealed class StartSurveyCampaign(IWorkflowStarter starter) : TaskActivity<CampaignInput, string>
{
    /// <inheritdoc />
    public override Task<string> RunAsync(TaskActivityContext context, CampaignInput input) => starter.StartSurveyCampaignAsync(input);
}
