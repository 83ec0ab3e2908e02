using Canbao.Workflows.Drops;
using Canbao.Workflows.Reports;
using Canbao.Workflows.Rounds;
using Canbao.Workflows.Surveys;
using Microsoft.DurableTask;

namespace Canbao.Workflows;

/// <summary>
/// The one registry of Canbao's workflows: both hosts (the Azure Functions app and <c>canbao serve</c>) register exactly
/// these orchestrators and activities, under their class names. Activities take their ports
/// (<see cref="Ports.IDropStore"/>, <see cref="Ports.IImportLedger"/>, <see cref="Ports.IDropIngestor"/>,
/// <see cref="Ports.IRoundRunner"/>, <see cref="Ports.IWorkflowStarter"/>, <see cref="Ports.IRosterDispatcher"/>,
/// <see cref="Ports.IReportWriter"/>, <see cref="Ports.IHistoryPurger"/>) from the host's services.
/// </summary>
public static class CanbaoWorkflows
{
    /// <summary>Orchestrator names (= class names).</summary>
    public static IReadOnlyList<string> Orchestrators { get; } =
    [
        nameof(DropIngestionOrchestrator), nameof(ComparisonRoundOrchestrator), nameof(SurveyCampaignOrchestrator),
        nameof(RosterSurveyOrchestrator), nameof(MonthlyReportOrchestrator),
    ];

    /// <summary>Activity names (= class names).</summary>
    public static IReadOnlyList<string> Activities { get; } =
    [
        nameof(ProbeDrop), nameof(ClaimImport), nameof(ImportDrop), nameof(CompleteImport), nameof(QuarantineDrop),
        nameof(PlanRound), nameof(RunRoundPartition), nameof(CompleteRound), nameof(StartSurveyCampaign),
        nameof(PlanCampaign), nameof(DispatchRoster), nameof(RemindRoster), nameof(EscalateRoster),
        nameof(RequestRosterReview), nameof(SendBackRoster), nameof(ConfirmRoster), nameof(ExpireRoster),
        nameof(WriteDistrictReports), nameof(WriteCityReport), nameof(PurgeHistory),
    ];

    /// <summary>Every orchestrator and activity name, orchestrators first.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Orchestrators, .. Activities];

    /// <summary>Adds every orchestrator and activity to <paramref name="registry"/>.</summary>
    public static void Register(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestrator<DropIngestionOrchestrator>();
        registry.AddOrchestrator<ComparisonRoundOrchestrator>();
        registry.AddOrchestrator<SurveyCampaignOrchestrator>();
        registry.AddOrchestrator<RosterSurveyOrchestrator>();
        registry.AddOrchestrator<MonthlyReportOrchestrator>();

        registry.AddActivity<ProbeDrop>();
        registry.AddActivity<ClaimImport>();
        registry.AddActivity<ImportDrop>();
        registry.AddActivity<CompleteImport>();
        registry.AddActivity<QuarantineDrop>();
        registry.AddActivity<PlanRound>();
        registry.AddActivity<RunRoundPartition>();
        registry.AddActivity<CompleteRound>();
        registry.AddActivity<StartSurveyCampaign>();
        registry.AddActivity<PlanCampaign>();
        registry.AddActivity<DispatchRoster>();
        registry.AddActivity<RemindRoster>();
        registry.AddActivity<EscalateRoster>();
        registry.AddActivity<RequestRosterReview>();
        registry.AddActivity<SendBackRoster>();
        registry.AddActivity<ConfirmRoster>();
        registry.AddActivity<ExpireRoster>();
        registry.AddActivity<WriteDistrictReports>();
        registry.AddActivity<WriteCityReport>();
        registry.AddActivity<PurgeHistory>();
    }
}
