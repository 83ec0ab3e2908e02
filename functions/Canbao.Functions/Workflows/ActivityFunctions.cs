using Canbao.Functions.Adapters;
using Canbao.Workflows.Contracts;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using W = Canbao.Workflows;

namespace Canbao.Functions.Workflows;

/// <summary>
/// Hand-written activity-trigger wrappers, one per activity in <see cref="W.CanbaoWorkflows.Activities"/>. Each creates
/// the activity class with its ports from the app's services (Program.cs registers the Azure adapters) and runs it.
/// </summary>
public static class ActivityFunctions
{
    [Function(nameof(ProbeDrop))]
    public static Task<DropProbe> ProbeDrop([ActivityTrigger] DropRef input, string instanceId, FunctionContext context) =>
        Run<W.Drops.ProbeDrop, DropRef, DropProbe>(input, instanceId, context);

    [Function(nameof(ClaimImport))]
    public static Task<ImportClaim> ClaimImport([ActivityTrigger] ImportClaimRequest input, string instanceId, FunctionContext context) =>
        Run<W.Drops.ClaimImport, ImportClaimRequest, ImportClaim>(input, instanceId, context);

    [Function(nameof(ImportDrop))]
    public static Task<DropImportSummary> ImportDrop([ActivityTrigger] DropImportRequest input, string instanceId, FunctionContext context) =>
        Run<W.Drops.ImportDrop, DropImportRequest, DropImportSummary>(input, instanceId, context);

    [Function(nameof(CompleteImport))]
    public static Task<bool> CompleteImport([ActivityTrigger] ImportCompletion input, string instanceId, FunctionContext context) =>
        Run<W.Drops.CompleteImport, ImportCompletion, bool>(input, instanceId, context);

    [Function(nameof(QuarantineDrop))]
    public static Task<bool> QuarantineDrop([ActivityTrigger] QuarantineRequest input, string instanceId, FunctionContext context) =>
        Run<W.Drops.QuarantineDrop, QuarantineRequest, bool>(input, instanceId, context);

    [Function(nameof(PlanRound))]
    public static Task<RoundPlan> PlanRound([ActivityTrigger] string input, string instanceId, FunctionContext context) =>
        Run<W.Rounds.PlanRound, string, RoundPlan>(input, instanceId, context);

    [Function(nameof(RunRoundPartition))]
    public static Task<PartitionResult> RunRoundPartition([ActivityTrigger] PartitionRequest input, string instanceId, FunctionContext context) =>
        Run<W.Rounds.RunRoundPartition, PartitionRequest, PartitionResult>(input, instanceId, context);

    [Function(nameof(CompleteRound))]
    public static Task<RoundSummary> CompleteRound([ActivityTrigger] RoundCompletion input, string instanceId, FunctionContext context) =>
        Run<W.Rounds.CompleteRound, RoundCompletion, RoundSummary>(input, instanceId, context);

    // Its port is the Durable client, which Functions hands only to a [DurableClient] parameter.
    [Function(nameof(StartSurveyCampaign))]
    public static Task<string> StartSurveyCampaign([ActivityTrigger] CampaignInput input, string instanceId,
        [DurableClient] DurableTaskClient client) =>
        new W.Rounds.StartSurveyCampaign(new DurableWorkflowStarter(client)).RunAsync(new FunctionActivityContext(nameof(StartSurveyCampaign), instanceId), input);

    [Function(nameof(PlanCampaign))]
    public static Task<CampaignPlan> PlanCampaign([ActivityTrigger] string input, string instanceId, FunctionContext context) =>
        Run<W.Surveys.PlanCampaign, string, CampaignPlan>(input, instanceId, context);

    [Function(nameof(DispatchRoster))]
    public static Task<int> DispatchRoster([ActivityTrigger] RosterKey input, string instanceId, FunctionContext context) =>
        Run<W.Surveys.DispatchRoster, RosterKey, int>(input, instanceId, context);

    [Function(nameof(RemindRoster))]
    public static Task<bool> RemindRoster([ActivityTrigger] RosterNotice input, string instanceId, FunctionContext context) =>
        Run<W.Surveys.RemindRoster, RosterNotice, bool>(input, instanceId, context);

    [Function(nameof(EscalateRoster))]
    public static Task<bool> EscalateRoster([ActivityTrigger] RosterNotice input, string instanceId, FunctionContext context) =>
        Run<W.Surveys.EscalateRoster, RosterNotice, bool>(input, instanceId, context);

    [Function(nameof(RequestRosterReview))]
    public static Task<bool> RequestRosterReview([ActivityTrigger] RosterResultsRequest input, string instanceId, FunctionContext context) =>
        Run<W.Surveys.RequestRosterReview, RosterResultsRequest, bool>(input, instanceId, context);

    [Function(nameof(SendBackRoster))]
    public static Task<bool> SendBackRoster([ActivityTrigger] RosterSendBack input, string instanceId, FunctionContext context) =>
        Run<W.Surveys.SendBackRoster, RosterSendBack, bool>(input, instanceId, context);

    [Function(nameof(ConfirmRoster))]
    public static Task<RosterConfirmation> ConfirmRoster([ActivityTrigger] RosterResultsRequest input, string instanceId, FunctionContext context) =>
        Run<W.Surveys.ConfirmRoster, RosterResultsRequest, RosterConfirmation>(input, instanceId, context);

    [Function(nameof(ExpireRoster))]
    public static Task<RosterConfirmation> ExpireRoster([ActivityTrigger] RosterKey input, string instanceId, FunctionContext context) =>
        Run<W.Surveys.ExpireRoster, RosterKey, RosterConfirmation>(input, instanceId, context);

    [Function(nameof(WriteDistrictReports))]
    public static Task<ReportRef> WriteDistrictReports([ActivityTrigger] ReportRequest input, string instanceId, FunctionContext context) =>
        Run<W.Reports.WriteDistrictReports, ReportRequest, ReportRef>(input, instanceId, context);

    [Function(nameof(WriteCityReport))]
    public static Task<ReportRef> WriteCityReport([ActivityTrigger] ReportRequest input, string instanceId, FunctionContext context) =>
        Run<W.Reports.WriteCityReport, ReportRequest, ReportRef>(input, instanceId, context);

    // Its port is the Durable client, which Functions hands only to a [DurableClient] parameter.
    [Function(nameof(PurgeHistory))]
    public static Task<int> PurgeHistory([ActivityTrigger] PurgeRequest input, string instanceId,
        [DurableClient] DurableTaskClient client) =>
        new W.Reports.PurgeHistory(new DurableHistoryPurger(client)).RunAsync(new FunctionActivityContext(nameof(PurgeHistory), instanceId), input);

    private static async Task<TOutput> Run<TActivity, TInput, TOutput>(TInput input, string instanceId, FunctionContext context)
        where TActivity : TaskActivity<TInput, TOutput>
    {
        var activity = ActivatorUtilities.GetServiceOrCreateInstance<TActivity>(context.InstanceServices);
        return await activity.RunAsync(new FunctionActivityContext(typeof(TActivity).Name, instanceId), input);
    }
}

/// <summary>The activity context a wrapper hands to the activity class: its name and the calling orchestration.</summary>
/// <param name="name">Activity name.</param>
/// <param name="instanceId">Orchestration instance id.</param>
public sealed class FunctionActivityContext(string name, string instanceId) : TaskActivityContext
{
    /// <inheritdoc />
    public override TaskName Name { get; } = name;

    /// <inheritdoc />
    public override string InstanceId { get; } = instanceId;
}
