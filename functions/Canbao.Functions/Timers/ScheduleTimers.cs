using Canbao.Functions.Adapters;
using Canbao.Workflows;
using Canbao.Workflows.Contracts;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Canbao.Functions.Timers;

/// <summary>
/// The monthly report and history purge timers. The report itself is the eternal MonthlyReportOrchestrator (it waits for
/// the 25th and the 30th, China Standard Time); the timer makes sure it runs, restarting it from the current period when
/// it failed or was terminated. The purge deletes finished orchestration history older than
/// <see cref="Settings.HistoryRetentionDays"/> (running instances are kept).
/// </summary>
public sealed class ScheduleTimers(IConfiguration configuration, TimeProvider clock, ILogger<ScheduleTimers> logger)
{
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    /// <summary>Daily at 16:30 UTC (00:30 China Standard Time).</summary>
    [Function("Timer_MonthlyReport")]
    public async Task MonthlyReport([TimerTrigger("0 30 16 * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        await EnsureMonthlyReportAsync(client, ct);

    /// <summary>Daily at 18:00 UTC (02:00 China Standard Time).</summary>
    [Function("Timer_HistoryPurge")]
    public async Task HistoryPurge([TimerTrigger("0 0 18 * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        await PurgeAsync(client, ct);

    /// <summary>Starts the monthly report instance for the current period (China time) unless it is running or pending;
    /// returns what it did: <c>running</c>, <c>started</c> or <c>restarted</c>.</summary>
    public async Task<string> EnsureMonthlyReportAsync(DurableTaskClient client, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var existing = await client.GetInstanceAsync(WorkflowIds.MonthlyReport, getInputsAndOutputs: false, ct);
        if (existing is { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended })
            return "running";
        if (existing is not null)
        {
            logger.LogWarning("monthly report instance was {Status}; restarting from the current period", existing.RuntimeStatus);
            await client.PurgeInstanceAsync(WorkflowIds.MonthlyReport, cancellation: ct);
        }
        var china = clock.GetUtcNow().ToOffset(ChinaOffset);
        var input = new MonthlyReportInput(china.Year, china.Month, configuration.GetValue(Settings.HistoryRetentionDays, 90));
        await WorkflowStarts.StartMonthlyReportAsync(client, input, ct);
        return existing is null ? "started" : "restarted";
    }

    /// <summary>Purges finished history older than the retention; returns how many instances were purged.</summary>
    public async Task<int> PurgeAsync(DurableTaskClient client, CancellationToken ct = default)
    {
        var days = configuration.GetValue(Settings.HistoryRetentionDays, 90);
        var purged = await new DurableHistoryPurger(client).PurgeAsync(new PurgeRequest(clock.GetUtcNow().UtcDateTime.AddDays(-days)), ct);
        logger.LogInformation("history purge: {Count} instances older than {Days} days", purged, days);
        return purged;
    }
}
