namespace Canbao.Workflows.Contracts;

/// <summary>
/// Deadlines of a survey roster, in seconds (so tests can use seconds and production days).
/// </summary>
/// <param name="ResultDeadlineSeconds">From dispatch (or send-back) to the results deadline.</param>
/// <param name="ReminderBeforeSeconds">A reminder goes this long before the deadline (0 = no reminder).</param>
/// <param name="EscalationIntervalSeconds">After the deadline, an escalation now and again after each interval.</param>
/// <param name="MaxEscalations">Escalations before the roster's outstanding people are recorded unreachable.</param>
public sealed record SurveyTimings(int ResultDeadlineSeconds, int ReminderBeforeSeconds, int EscalationIntervalSeconds, int MaxEscalations)
{
    /// <summary>Production default: 14 days to return results, reminder 3 days before, escalate every 3 days, twice.</summary>
    public static SurveyTimings Default { get; } = new(14 * 86400, 3 * 86400, 3 * 86400, 2);
}

/// <summary>Input of <see cref="Surveys.SurveyCampaignOrchestrator"/>.</summary>
/// <param name="RoundId">The round whose survey tasks are worked.</param>
/// <param name="Timings">Deadlines.</param>
public sealed record CampaignInput(string RoundId, SurveyTimings Timings);

/// <summary>The rosters of a campaign: township/street codes (9 digits) that have survey tasks.</summary>
/// <param name="RoundId">Round id.</param>
/// <param name="Townships">Township codes, one roster each.</param>
public sealed record CampaignPlan(string RoundId, IReadOnlyList<string> Townships);

/// <summary>One township's roster of one round.</summary>
/// <param name="RoundId">Round id.</param>
/// <param name="Township">9-digit township/street code.</param>
public sealed record RosterKey(string RoundId, string Township);

/// <summary>Input of <see cref="Surveys.RosterSurveyOrchestrator"/> (carried over ContinueAsNew after a send-back).</summary>
/// <param name="Roster">The roster.</param>
/// <param name="Timings">Deadlines.</param>
/// <param name="Progress">Counts so far; null on the first generation (the roster is not yet dispatched).</param>
public sealed record RosterInput(RosterKey Roster, SurveyTimings Timings, RosterProgress? Progress = null);

/// <summary>A roster's counts carried from one generation of its orchestration to the next.</summary>
/// <param name="Dispatched">Survey tasks dispatched.</param>
/// <param name="Reminders">Reminders sent.</param>
/// <param name="Escalations">Escalations sent.</param>
/// <param name="SendBacks">Send-backs.</param>
public sealed record RosterProgress(int Dispatched, int Reminders, int Escalations, int SendBacks);

/// <summary>
/// Results of a roster, raised as the <see cref="WorkflowEvents.RosterResults"/> event (HTTP submission or a filled roster
/// dropped back). The results themselves are at <paramref name="ResultRef"/>.
/// </summary>
/// <param name="ResultRef">Reference of the returned roster (blob / file).</param>
/// <param name="Visited">People visited.</param>
/// <param name="Unreachable">People the surveyor could not reach.</param>
public sealed record RosterSubmission(string ResultRef, int Visited, int Unreachable);

/// <summary>An operator's review, raised as the <see cref="WorkflowEvents.RosterReview"/> event.</summary>
/// <param name="Approve">True = approve; false = send back.</param>
/// <param name="Reason">Why it was sent back (short); null when approved.</param>
public sealed record ReviewDecision(bool Approve, string? Reason);

/// <summary>A reminder or escalation about a roster.</summary>
/// <param name="Roster">The roster.</param>
/// <param name="Level">1 for the first reminder/escalation, 2 for the second, …</param>
public sealed record RosterNotice(RosterKey Roster, int Level);

/// <summary>Submitted results handed to review or confirmation.</summary>
/// <param name="Roster">The roster.</param>
/// <param name="Submission">The results.</param>
public sealed record RosterResultsRequest(RosterKey Roster, RosterSubmission Submission);

/// <summary>A roster sent back to the township.</summary>
/// <param name="Roster">The roster.</param>
/// <param name="Reason">The operator's reason.</param>
public sealed record RosterSendBack(RosterKey Roster, string Reason);

/// <summary>What confirmation wrote into the person records.</summary>
/// <param name="Confirmed">Survey tasks confirmed into person records.</param>
/// <param name="Unreachable">Survey tasks recorded as unreachable.</param>
public sealed record RosterConfirmation(int Confirmed, int Unreachable);

/// <summary>How a roster ended.</summary>
/// <param name="Township">Township code.</param>
/// <param name="Dispatched">Survey tasks dispatched.</param>
/// <param name="Confirmed">Confirmed into person records.</param>
/// <param name="Unreachable">Recorded unreachable.</param>
/// <param name="Reminders">Reminders sent.</param>
/// <param name="Escalations">Escalations sent.</param>
/// <param name="SendBacks">Times an operator sent the results back.</param>
/// <param name="Expired">True when no results came after the last escalation (everyone outstanding recorded unreachable).</param>
public sealed record RosterOutcome(string Township, int Dispatched, int Confirmed, int Unreachable, int Reminders, int Escalations, int SendBacks, bool Expired);

/// <summary>Totals of a campaign (aggregated in the orchestrator, so the payload stays small however many rosters).</summary>
/// <param name="RoundId">Round id.</param>
/// <param name="Rosters">Rosters worked.</param>
/// <param name="Dispatched">Survey tasks dispatched.</param>
/// <param name="Confirmed">Confirmed.</param>
/// <param name="Unreachable">Unreachable.</param>
/// <param name="Reminders">Reminders sent.</param>
/// <param name="Escalations">Escalations sent.</param>
/// <param name="SendBacks">Send-backs.</param>
/// <param name="Expired">Rosters that expired.</param>
public sealed record CampaignSummary(string RoundId, int Rosters, int Dispatched, int Confirmed, int Unreachable, int Reminders, int Escalations, int SendBacks, int Expired);
