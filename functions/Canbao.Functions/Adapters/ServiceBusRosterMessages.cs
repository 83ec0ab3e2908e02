using Canbao.Hosting.Ports;

namespace Canbao.Functions.Adapters;

/// <summary>
/// <see cref="IRosterMessages"/> on Service Bus: every roster message goes to the survey-dispatch topic through
/// <see cref="SurveyDispatchBus"/> (subject = kind, application property <c>districtCode</c> for the district
/// subscriptions' SQL filter, deterministic message id for duplicate detection).
/// </summary>
/// <param name="bus">The bus.</param>
public sealed class ServiceBusRosterMessages(SurveyDispatchBus bus) : IRosterMessages
{
    /// <inheritdoc />
    public Task SendAsync(RosterMessage message, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return bus.SendRosterAsync(message.Roster, message.Kind, message.Level, message.Tasks, message.Reason, ct, message.Ref);
    }
}
