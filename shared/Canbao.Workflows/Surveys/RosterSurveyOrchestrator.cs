using Canbao.Workflows.Contracts;
using Microsoft.DurableTask;

namespace Canbao.Workflows.Surveys;

/// <summary>
/// One township's roster through the survey lifecycle: dispatch → wait for results (event
/// <see cref="WorkflowEvents.RosterResults"/>) with a deadline, a reminder before it and escalations after it →
/// operator review (event <see cref="WorkflowEvents.RosterReview"/>) → approve: confirm into the person records; send
/// back: ContinueAsNew (counts carried, events kept) and wait again with a new deadline. No results after
/// <see cref="SurveyTimings.MaxEscalations"/> escalations → every outstanding task recorded unreachable. Timers that
/// lose a race are cancelled, so the instance completes as soon as it is done.
/// </summary>
public sealed class RosterSurveyOrchestrator : TaskOrchestrator<RosterInput, RosterOutcome?>
{
    /// <inheritdoc />
    public override async Task<RosterOutcome?> RunAsync(TaskOrchestrationContext context, RosterInput input)
    {
        var key = input.Roster;
        var progress = input.Progress
            ?? new RosterProgress(await context.CallActivityAsync<int>(nameof(DispatchRoster), key), 0, 0, 0);
        context.SetCustomStatus($"awaiting results; send-backs {progress.SendBacks}");

        var (submission, reminders, escalations) = await WaitForResultsAsync(context, input);
        progress = progress with { Reminders = progress.Reminders + reminders, Escalations = progress.Escalations + escalations };
        if (submission is null)
        {
            var expired = await context.CallActivityAsync<RosterConfirmation>(nameof(ExpireRoster), key);
            context.SetCustomStatus("expired");
            return Outcome(key, progress, expired, expired: true);
        }

        var results = new RosterResultsRequest(key, submission);
        await context.CallActivityAsync(nameof(RequestRosterReview), results);
        context.SetCustomStatus("awaiting review");
        var decision = await context.WaitForExternalEvent<ReviewDecision>(WorkflowEvents.RosterReview);
        if (decision.Approve)
        {
            var confirmed = await context.CallActivityAsync<RosterConfirmation>(nameof(ConfirmRoster), results);
            context.SetCustomStatus("confirmed");
            return Outcome(key, progress, confirmed, expired: false);
        }

        await context.CallActivityAsync(nameof(SendBackRoster), new RosterSendBack(key, Payload.Reason(decision.Reason ?? "sent back")));
        context.ContinueAsNew(input with { Progress = progress with { SendBacks = progress.SendBacks + 1 } }, preserveUnprocessedEvents: true);
        return null;
    }

    private static RosterOutcome Outcome(RosterKey key, RosterProgress p, RosterConfirmation c, bool expired) =>
        new(key.Township, p.Dispatched, c.Confirmed, c.Unreachable, p.Reminders, p.Escalations, p.SendBacks, expired);

    /// <summary>
    /// Results, or null when the last escalation went unanswered; with the reminders and escalations sent. Each pass of
    /// the loop consumes one timer (at most one reminder, then MaxEscalations + 1 timeouts), so it is bounded. Cancels
    /// every timer and wait it leaves behind.
    /// </summary>
    private static async Task<(RosterSubmission? Submission, int Reminders, int Escalations)> WaitForResultsAsync(
        TaskOrchestrationContext context, RosterInput input)
    {
        var t = input.Timings;
        var deadline = context.CurrentUtcDateTime.AddSeconds(t.ResultDeadlineSeconds);
        using var cts = new CancellationTokenSource();
        var results = context.WaitForExternalEvent<RosterSubmission>(WorkflowEvents.RosterResults, cts.Token);
        Task? reminder = t.ReminderBeforeSeconds > 0 && t.ReminderBeforeSeconds < t.ResultDeadlineSeconds
            ? context.CreateTimer(deadline.AddSeconds(-t.ReminderBeforeSeconds), cts.Token)
            : null;
        var timeout = context.CreateTimer(deadline, cts.Token);
        int reminders = 0, escalations = 0;
        for (var pass = 0; pass < t.MaxEscalations + 2; pass++)
        {
            var winner = reminder is null
                ? await Task.WhenAny(results, timeout)
                : await Task.WhenAny(results, reminder, timeout);
            if (winner == results)
            {
                cts.Cancel();
                return (await results, reminders, escalations);
            }
            if (winner == reminder)
            {
                reminder = null;
                reminders++;
                await context.CallActivityAsync(nameof(RemindRoster), new RosterNotice(input.Roster, reminders));
                continue;
            }
            if (escalations >= t.MaxEscalations) break;
            escalations++;
            await context.CallActivityAsync(nameof(EscalateRoster), new RosterNotice(input.Roster, escalations));
            timeout = context.CreateTimer(context.CurrentUtcDateTime.AddSeconds(t.EscalationIntervalSeconds), cts.Token);
        }
        cts.Cancel();
        return (null, reminders, escalations);
    }
}
