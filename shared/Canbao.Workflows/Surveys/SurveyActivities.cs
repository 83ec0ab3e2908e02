using Canbao.Workflows.Contracts;
using Canbao.Workflows.Ports;
using Microsoft.DurableTask;

namespace Canbao.Workflows.Surveys;

/// <summary>Lists the rosters of a round (<see cref="IRosterDispatcher.PlanAsync"/>); input is the round id.</summary>
/// <param name="dispatcher">The roster dispatcher.</param>
public sealed class PlanCampaign(IRosterDispatcher dispatcher) : TaskActivity<string, CampaignPlan>
{
    /// <inheritdoc />
    public override Task<CampaignPlan> RunAsync(TaskActivityContext context, string input) => dispatcher.PlanAsync(input);
}

/// <summary>Dispatches a roster (<see cref="IRosterDispatcher.DispatchAsync"/>); returns the task count.</summary>
/// <param name="dispatcher">The roster dispatcher.</param>
public sealed class DispatchRoster(IRosterDispatcher dispatcher) : TaskActivity<RosterKey, int>
{
    /// <inheritdoc />
    public override Task<int> RunAsync(TaskActivityContext context, RosterKey input) => dispatcher.DispatchAsync(input);
}

/// <summary>Sends a reminder (<see cref="IRosterDispatcher.RemindAsync"/>).</summary>
/// <param name="dispatcher">The roster dispatcher.</param>
public sealed class RemindRoster(IRosterDispatcher dispatcher) : TaskActivity<RosterNotice, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, RosterNotice input)
    {
        await dispatcher.RemindAsync(input);
        return true;
    }
}

/// <summary>Escalates an overdue roster (<see cref="IRosterDispatcher.EscalateAsync"/>).</summary>
/// <param name="dispatcher">The roster dispatcher.</param>
public sealed class EscalateRoster(IRosterDispatcher dispatcher) : TaskActivity<RosterNotice, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, RosterNotice input)
    {
        await dispatcher.EscalateAsync(input);
        return true;
    }
}

/// <summary>Asks an operator to review results (<see cref="IRosterDispatcher.RequestReviewAsync"/>).</summary>
/// <param name="dispatcher">The roster dispatcher.</param>
public sealed class RequestRosterReview(IRosterDispatcher dispatcher) : TaskActivity<RosterResultsRequest, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, RosterResultsRequest input)
    {
        await dispatcher.RequestReviewAsync(input);
        return true;
    }
}

/// <summary>Sends results back (<see cref="IRosterDispatcher.SendBackAsync"/>).</summary>
/// <param name="dispatcher">The roster dispatcher.</param>
public sealed class SendBackRoster(IRosterDispatcher dispatcher) : TaskActivity<RosterSendBack, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, RosterSendBack input)
    {
        await dispatcher.SendBackAsync(input);
        return true;
    }
}

/// <summary>Confirms approved results (<see cref="IRosterDispatcher.ConfirmAsync"/>).</summary>
/// <param name="dispatcher">The roster dispatcher.</param>
public sealed class ConfirmRoster(IRosterDispatcher dispatcher) : TaskActivity<RosterResultsRequest, RosterConfirmation>
{
    /// <inheritdoc />
    public override Task<RosterConfirmation> RunAsync(TaskActivityContext context, RosterResultsRequest input) => dispatcher.ConfirmAsync(input);
}

/// <summary>Records an unanswered roster's outstanding tasks unreachable (<see cref="IRosterDispatcher.ExpireAsync"/>).</summary>
/// <param name="dispatcher">The roster dispatcher.</param>
public sealed class ExpireRoster(IRosterDispatcher dispatcher) : TaskActivity<RosterKey, RosterConfirmation>
{
    /// <inheritdoc />
    public override Task<RosterConfirmation> RunAsync(TaskActivityContext context, RosterKey input) => dispatcher.ExpireAsync(input);
}
