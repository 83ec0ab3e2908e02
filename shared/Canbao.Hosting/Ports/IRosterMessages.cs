using Canbao.Workflows.Contracts;

namespace Canbao.Hosting.Ports;

/// <summary>What a roster message announces.</summary>
public enum RosterMessageKind
{
    /// <summary>A new roster (花名册) for the township.</summary>
    Dispatched,
    /// <summary>Results are due soon.</summary>
    Reminder,
    /// <summary>Results are overdue; the district is told.</summary>
    Escalation,
    /// <summary>Results came back and wait for an operator's review.</summary>
    ReviewRequested,
    /// <summary>Results were sent back with the operator's reason.</summary>
    SentBack,
}

/// <summary>One roster message: references and counts, never personal data.</summary>
/// <param name="Roster">Round and 9-digit township code.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Level">Reminder/escalation level (1, 2, …); 0 for the other kinds.</param>
/// <param name="Tasks">Survey tasks on the roster (0 when not known to the sender).</param>
/// <param name="Reason">Send-back reason, else null.</param>
/// <param name="Ref">Artifact name of the roster or the returned results, else null.</param>
public sealed record RosterMessage(RosterKey Roster, RosterMessageKind Kind, int Level, int Tasks, string? Reason = null, string? Ref = null);

/// <summary>
/// Where roster messages go: a Service Bus topic with a subscription per district in Azure, a storage queue locally.
/// A message sent twice (a retried activity) must be harmless: receivers and duplicate detection key on
/// kind, round, township and level.
/// </summary>
public interface IRosterMessages
{
    /// <summary>Sends <paramref name="message"/>.</summary>
    Task SendAsync(RosterMessage message, CancellationToken ct = default);
}
