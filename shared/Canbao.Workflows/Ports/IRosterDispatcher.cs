using Canbao.Workflows.Contracts;

namespace Canbao.Workflows.Ports;

/// <summary>
/// Survey rosters (花名册) per township/street: Service Bus topic in Azure, a storage queue locally. Every method is
/// idempotent for the same roster (and level), since an activity may run more than once.
/// </summary>
public interface IRosterDispatcher
{
    /// <summary>The townships that have survey tasks in the round.</summary>
    Task<CampaignPlan> PlanAsync(string roundId, CancellationToken ct = default);

    /// <summary>Sends the roster to the township; returns the number of survey tasks on it.</summary>
    Task<int> DispatchAsync(RosterKey roster, CancellationToken ct = default);

    /// <summary>Reminds the township that results are due.</summary>
    Task RemindAsync(RosterNotice notice, CancellationToken ct = default);

    /// <summary>Escalates an overdue roster to the district.</summary>
    Task EscalateAsync(RosterNotice notice, CancellationToken ct = default);

    /// <summary>Puts submitted results in front of an operator for review.</summary>
    Task RequestReviewAsync(RosterResultsRequest request, CancellationToken ct = default);

    /// <summary>Sends results back to the township with the operator's reason.</summary>
    Task SendBackAsync(RosterSendBack sendBack, CancellationToken ct = default);

    /// <summary>Confirms approved results into the person records (unreachable people recorded as such).</summary>
    Task<RosterConfirmation> ConfirmAsync(RosterResultsRequest request, CancellationToken ct = default);

    /// <summary>No results after the last escalation: records every outstanding task of the roster as unreachable.</summary>
    Task<RosterConfirmation> ExpireAsync(RosterKey roster, CancellationToken ct = default);
}
