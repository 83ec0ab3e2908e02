using Canbao.Workflows.Contracts;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using W = Canbao.Workflows;

namespace Canbao.Functions.Workflows;

/// <summary>
/// Hand-written orchestration-trigger wrappers, one per orchestrator in <see cref="W.CanbaoWorkflows.Orchestrators"/>
/// (Microsoft.DurableTask.Generators is not served here). Each runs the same class the local host registers; the function
/// name is the class name. A test checks this list against the registry, input types included.
/// </summary>
public static class OrchestratorFunctions
{
    [Function(nameof(DropIngestionOrchestrator))]
    public static Task<DropOutcome> DropIngestionOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new W.Drops.DropIngestionOrchestrator().RunAsync(context, Input<DropIngestionInput>(context));

    [Function(nameof(ComparisonRoundOrchestrator))]
    public static Task<RoundSummary> ComparisonRoundOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new W.Rounds.ComparisonRoundOrchestrator().RunAsync(context, Input<RoundInput>(context));

    [Function(nameof(SurveyCampaignOrchestrator))]
    public static Task<CampaignSummary> SurveyCampaignOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new W.Surveys.SurveyCampaignOrchestrator().RunAsync(context, Input<CampaignInput>(context));

    [Function(nameof(RosterSurveyOrchestrator))]
    public static Task<RosterOutcome?> RosterSurveyOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new W.Surveys.RosterSurveyOrchestrator().RunAsync(context, Input<RosterInput>(context));

    [Function(nameof(MonthlyReportOrchestrator))]
    public static Task<MonthlyReportResult?> MonthlyReportOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new W.Reports.MonthlyReportOrchestrator().RunAsync(context, Input<MonthlyReportInput>(context));

    private static T Input<T>(TaskOrchestrationContext context) =>
        context.GetInput<T>() ?? throw new InvalidOperationException($"orchestration {context.Name} started without a {typeof(T).Name} input");
}
