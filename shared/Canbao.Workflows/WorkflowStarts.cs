using Canbao.Workflows.Contracts;
using Canbao.Workflows.Drops;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Canbao.Workflows;

/// <summary>
/// Starting workflows from a trigger (blob trigger, folder watcher, timer, HTTP) with deterministic instance ids, so a
/// trigger that fires twice starts one instance (case 16). Both hosts call these.
/// </summary>
public static class WorkflowStarts
{
    /// <summary>
    /// Starts <see cref="DropIngestionOrchestrator"/> for the drop unless an instance for the same (container, name, ETag)
    /// exists. Returns the instance id and whether this call started it.
    /// </summary>
    public static Task<(string InstanceId, bool Started)> StartDropAsync(DurableTaskClient client, DropIngestionInput input, CancellationToken ct = default) =>
        StartOnceAsync(client, nameof(DropIngestionOrchestrator), WorkflowIds.Drop(input.Drop), input, ct);

    /// <summary>Starts <see cref="Rounds.ComparisonRoundOrchestrator"/> as <see cref="WorkflowIds.Round"/> unless it exists.</summary>
    public static Task<(string InstanceId, bool Started)> StartRoundAsync(DurableTaskClient client, RoundInput input, CancellationToken ct = default) =>
        StartOnceAsync(client, nameof(Rounds.ComparisonRoundOrchestrator), WorkflowIds.Round(input.RoundId), input, ct);

    /// <summary>Starts <see cref="Surveys.SurveyCampaignOrchestrator"/> as <see cref="WorkflowIds.Campaign"/> unless it exists.</summary>
    public static Task<(string InstanceId, bool Started)> StartCampaignAsync(DurableTaskClient client, CampaignInput input, CancellationToken ct = default) =>
        StartOnceAsync(client, nameof(Surveys.SurveyCampaignOrchestrator), WorkflowIds.Campaign(input.RoundId), input, ct);

    /// <summary>Starts the eternal <see cref="Reports.MonthlyReportOrchestrator"/> unless it exists.</summary>
    public static Task<(string InstanceId, bool Started)> StartMonthlyReportAsync(DurableTaskClient client, MonthlyReportInput input, CancellationToken ct = default) =>
        StartOnceAsync(client, nameof(Reports.MonthlyReportOrchestrator), WorkflowIds.MonthlyReport, input, ct);

    // Striped locks: two triggers of one instance id in this process start it once even on a backend that lets a
    // second schedule overwrite (the in-memory one does). Across processes the backend's duplicate-id rejection and the
    // import ledger's content-hash claim keep it to one import.
    private static readonly SemaphoreSlim[] Stripes = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    private static async Task<(string, bool)> StartOnceAsync(DurableTaskClient client, string name, string instanceId, object input, CancellationToken ct)
    {
        var stripe = Stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(instanceId) % Stripes.Length)];
        await stripe.WaitAsync(ct);
        try
        {
            return await StartIfAbsentAsync(client, name, instanceId, input, ct);
        }
        finally
        {
            stripe.Release();
        }
    }

    private static async Task<(string, bool)> StartIfAbsentAsync(DurableTaskClient client, string name, string instanceId, object input, CancellationToken ct)
    {
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, ct) is not null) return (instanceId, false);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(new TaskName(name), input, new StartOrchestrationOptions(instanceId), ct);
            return (instanceId, true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Lost a race with another start of the same instance id: that start is the one.
            if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, CancellationToken.None) is not null) return (instanceId, false);
            throw;
        }
    }
}
