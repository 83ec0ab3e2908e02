using Canbao.Workflows.Contracts;
using Microsoft.DurableTask;

namespace Canbao.Workflows.Rounds;

/// <summary>
/// One comparison round (比对轮次): plan the partitions, fan out one activity per partition, fan in, persist changed
/// persons and write outputs, then start the survey campaign (not awaited: it runs for weeks). Start it with instance
/// id <see cref="WorkflowIds.Round"/>.
/// </summary>
public sealed class ComparisonRoundOrchestrator : TaskOrchestrator<RoundInput, RoundSummary>
{
    /// <inheritdoc />
    public override async Task<RoundSummary> RunAsync(TaskOrchestrationContext context, RoundInput input)
    {
        context.SetCustomStatus("planning");
        var plan = await context.CallActivityAsync<RoundPlan>(nameof(PlanRound), input.RoundId);

        context.SetCustomStatus($"comparing {plan.Partitions.Count} partitions");
        var partitions = plan.Partitions
            .Select(p => context.CallActivityAsync<PartitionResult>(nameof(RunRoundPartition), new PartitionRequest(input.RoundId, p)))
            .ToList();
        var results = await Task.WhenAll(partitions);

        context.SetCustomStatus("persisting");
        var summary = await context.CallActivityAsync<RoundSummary>(nameof(CompleteRound), new RoundCompletion(input.RoundId, results));

        if (input.StartCampaign && summary.SurveyTasks > 0)
        {
            context.SetCustomStatus("starting survey campaign");
            await context.CallActivityAsync<string>(nameof(StartSurveyCampaign),
                new CampaignInput(input.RoundId, input.Timings ?? SurveyTimings.Default));
        }
        context.SetCustomStatus("done");
        return summary;
    }
}
