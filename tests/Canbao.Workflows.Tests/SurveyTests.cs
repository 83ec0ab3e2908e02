using Canbao.Workflows.Contracts;
using Canbao.Workflows.Surveys;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Canbao.Workflows.Tests;

/// <summary>Roster lifecycle: deadlines, reminders, escalation, review loop, unreachable; and the campaign fan-out.</summary>
public sealed class SurveyTests
{
    private static readonly RosterKey Key = new("2026-11", "630102001");

    private static async Task<string> StartRosterAsync(WorkflowHost host, SurveyTimings timings)
    {
        var id = WorkflowIds.Roster(Key);
        await host.Client.ScheduleNewOrchestrationInstanceAsync(new TaskName(nameof(RosterSurveyOrchestrator)),
            new RosterInput(Key, timings), new StartOrchestrationOptions(id));
        return id;
    }

    [Fact]
    public async Task Results_before_the_reminder_then_approval_confirms_with_no_reminder_and_no_lingering_timer()
    {
        await using var host = await WorkflowHost.StartAsync();
        // Deadline an hour away: the instance can only complete quickly if the losing timers do not hold it.
        var id = await StartRosterAsync(host, new SurveyTimings(3600, 600, 600, 2));
        await host.WaitForStatusAsync(id, "awaiting results");
        await host.Client.RaiseEventAsync(id, WorkflowEvents.RosterResults, new RosterSubmission("returns/630102001.xlsx", 18, 2));
        await host.WaitForStatusAsync(id, "awaiting review");
        await host.Client.RaiseEventAsync(id, WorkflowEvents.RosterReview, new ReviewDecision(true, null));
        var meta = await host.CompleteAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, meta.RuntimeStatus);
        Assert.Equal(new RosterOutcome("630102001", 20, 18, 2, 0, 0, 0, false), meta.ReadOutputAs<RosterOutcome>());
        Assert.Equal(["Dispatch 630102001", "Review 630102001", "Confirm 630102001"], host.Dispatcher.Log);
        Assert.True(meta.LastUpdatedAt - meta.CreatedAt < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Late_results_get_a_reminder_and_an_escalation_then_a_send_back_and_a_second_submission()
    {
        await using var host = await WorkflowHost.StartAsync();
        // Deadline 2 s, reminder 1 s before it, escalations every 60 s (results arrive after the first).
        var id = await StartRosterAsync(host, new SurveyTimings(2, 1, 60, 3));
        await host.WaitForStatusAsync(id, "awaiting results");
        await WaitForLogAsync(host, "Escalate 630102001/1");
        await host.Client.RaiseEventAsync(id, WorkflowEvents.RosterResults, new RosterSubmission("returns/a.xlsx", 10, 1));
        await host.WaitForStatusAsync(id, "awaiting review");
        await host.Client.RaiseEventAsync(id, WorkflowEvents.RosterReview, new ReviewDecision(false, "9 people missing"));
        await WaitForLogAsync(host, "SendBack 630102001");
        // Results of the second generation, raised at once: the event is kept across ContinueAsNew.
        await host.Client.RaiseEventAsync(id, WorkflowEvents.RosterResults, new RosterSubmission("returns/b.xlsx", 19, 1));
        await host.WaitForStatusAsync(id, "awaiting review");
        await host.Client.RaiseEventAsync(id, WorkflowEvents.RosterReview, new ReviewDecision(true, null));
        var outcome = (await host.CompleteAsync(id)).ReadOutputAs<RosterOutcome>()!;

        Assert.Equal(new RosterOutcome("630102001", 20, 19, 1, 1, 1, 1, false), outcome);
        Assert.Equal(1, host.Dispatcher.Count("Dispatch", "630102001"));
        Assert.Equal(["Dispatch 630102001", "Remind 630102001/1", "Escalate 630102001/1", "Review 630102001", "SendBack 630102001",
            "Review 630102001", "Confirm 630102001"], host.Dispatcher.Log);
    }

    /// <summary>
    /// Also the replay test: each of the five timer/activity completions resumes the orchestrator by replaying its whole
    /// history; the log shows every side effect exactly once, in order, so the orchestrator's decisions are deterministic.
    /// </summary>
    [Fact]
    public async Task No_results_after_the_last_escalation_records_everyone_unreachable_and_replays_repeat_no_side_effect()
    {
        await using var host = await WorkflowHost.StartAsync();
        var id = await StartRosterAsync(host, new SurveyTimings(2, 1, 1, 2));
        var outcome = (await host.CompleteAsync(id)).ReadOutputAs<RosterOutcome>()!;
        Assert.Equal(new RosterOutcome("630102001", 20, 0, 20, 1, 2, 0, true), outcome);
        Assert.Equal(["Dispatch 630102001", "Remind 630102001/1", "Escalate 630102001/1", "Escalate 630102001/2", "Expire 630102001"],
            host.Dispatcher.Log);
    }

    [Fact]
    public async Task Campaign_runs_one_roster_per_township_and_sums_their_outcomes()
    {
        await using var host = await WorkflowHost.StartAsync();
        var (id, _) = await WorkflowStarts.StartCampaignAsync(host.Client, new CampaignInput("2026-11", new SurveyTimings(3600, 60, 600, 1)));
        foreach (var (township, visited) in new[] { ("630102001", 20), ("630102002", 17), ("630103001", 15) })
        {
            var roster = WorkflowIds.Roster(new RosterKey("2026-11", township));
            await host.WaitForStatusAsync(roster, "awaiting results");
            await host.Client.RaiseEventAsync(roster, WorkflowEvents.RosterResults, new RosterSubmission($"returns/{township}.xlsx", visited, 20 - visited));
            await host.WaitForStatusAsync(roster, "awaiting review");
            await host.Client.RaiseEventAsync(roster, WorkflowEvents.RosterReview, new ReviewDecision(true, null));
        }
        var meta = await host.CompleteAsync(id);
        Assert.Equal(new CampaignSummary("2026-11", 3, 60, 52, 8, 0, 0, 0, 0), meta.ReadOutputAs<CampaignSummary>());
        Assert.True(meta.SerializedOutput!.Length < Payload.MaxBytes);
    }

    [Fact]
    public void A_campaign_plan_for_every_township_of_a_large_city_is_under_16_KB()
    {
        var townships = Enumerable.Range(0, 1000).Select(i => $"6301{i / 100:D2}{i % 100:D3}").ToList();
        Assert.True(Payload.SizeOf(new CampaignPlan("2026-11", townships)) < Payload.MaxBytes);
    }

    private static async Task WaitForLogAsync(WorkflowHost host, string entry)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!host.Dispatcher.Log.Contains(entry))
        {
            if (DateTime.UtcNow > until) throw new TimeoutException(entry);
            await Task.Delay(50);
        }
    }
}
