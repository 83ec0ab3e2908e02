using Canbao.Workflows.Contracts;
using Microsoft.DurableTask;

namespace Canbao.Workflows.Surveys;

/// <summary>
/// The survey campaign (入户调查) of a round: one <see cref="RosterSurveyOrchestrator"/> sub-orchestration per
/// township/street roster (instance id <see cref="WorkflowIds.Roster"/>, so events can be raised on it), all awaited;
/// totals are summed here so the output stays small however many rosters there are.
/// </summary>
public sealed class SurveyCampaignOrchestrator : TaskOrchestrator<CampaignInput, CampaignSummary>
{
    /// <inheritdoc />
    public override async Task<CampaignSummary> RunAsync(TaskOrchestrationContext context, CampaignInput input)
    {
        var plan = await context.CallActivityAsync<CampaignPlan>(nameof(PlanCampaign), input.RoundId);
        context.SetCustomStatus($"{plan.Townships.Count} rosters out");
        var rosters = plan.Townships.Select(township =>
        {
            var key = new RosterKey(input.RoundId, township);
            return context.CallSubOrchestratorAsync<RosterOutcome>(nameof(RosterSurveyOrchestrator),
                new RosterInput(key, input.Timings), new SubOrchestrationOptions(instanceId: WorkflowIds.Roster(key)));
        }).ToList();
        var outcomes = await Task.WhenAll(rosters);
        context.SetCustomStatus("done");
        return new CampaignSummary(input.RoundId, outcomes.Length,
            outcomes.Sum(o => o.Dispatched), outcomes.Sum(o => o.Confirmed), outcomes.Sum(o => o.Unreachable),
            outcomes.Sum(o => o.Reminders), outcomes.Sum(o => o.Escalations), outcomes.Sum(o => o.SendBacks),
            outcomes.Count(o => o.Expired));
    }
}
