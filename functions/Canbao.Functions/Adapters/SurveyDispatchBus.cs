using Azure.Messaging.ServiceBus;
using Canbao.Hosting.Ports;
using Canbao.Workflows.Contracts;

namespace Canbao.Functions.Adapters;

/// <summary>
/// Survey dispatch and department notifications over Service Bus (identity-based: the client is built on the namespace
/// host and a token credential; infra disables SAS). Roster messages go to <see cref="Settings.SurveyDispatchTopic"/>
/// with the application property <c>districtCode</c> (the first 6 digits of the 9-digit township code) that each
/// district's subscription filters on; notifications go to <see cref="Settings.DepartmentNotificationsTopic"/> with
/// <c>department</c>. Message ids are deterministic so the topics' duplicate detection drops a resend from a retried
/// activity. Messages carry references and counts, never personal data.
/// </summary>
/// <param name="client">Service Bus client.</param>
public sealed class SurveyDispatchBus(ServiceBusClient client) : IAsyncDisposable
{
    private readonly ServiceBusSender _surveys = client.CreateSender(Settings.SurveyDispatchTopic);
    private readonly ServiceBusSender _notifications = client.CreateSender(Settings.DepartmentNotificationsTopic);

    /// <summary>Builds the message for one roster event.</summary>
    /// <param name="roster">Round and 9-digit township code.</param>
    /// <param name="kind">What happened.</param>
    /// <param name="level">Reminder/escalation level (0 for dispatch and send-back).</param>
    /// <param name="tasks">Survey tasks on the roster.</param>
    /// <param name="reason">Send-back reason, else null.</param>
    /// <param name="reference">Blob name of the roster or the returned results, else null.</param>
    /// <exception cref="ArgumentException">The township code is not 9 ASCII digits.</exception>
    public static ServiceBusMessage RosterMessage(RosterKey roster, RosterMessageKind kind, int level, int tasks, string? reason = null, string? reference = null)
    {
        ArgumentNullException.ThrowIfNull(roster);
        if (roster.Township.Length != 9 || !roster.Township.All(char.IsAsciiDigit))
            throw new ArgumentException($"township code '{roster.Township}' must be 9 digits (GB/T 10114 township code)", nameof(roster));
        var body = new { roster.RoundId, roster.Township, kind = kind.ToString(), level, tasks, reason, reference };
        var message = new ServiceBusMessage(BinaryData.FromObjectAsJson(body))
        {
            MessageId = $"{roster.RoundId}:{roster.Township}:{kind}:{level}",
            Subject = kind.ToString(),
            ContentType = "application/json",
        };
        message.ApplicationProperties["districtCode"] = roster.Township[..6];
        message.ApplicationProperties["township"] = roster.Township;
        message.ApplicationProperties["roundId"] = roster.RoundId;
        return message;
    }

    /// <summary>Builds a notification to a department (data-exchange feedback, e.g. the rows of its drop that were rejected).</summary>
    /// <param name="department">Department slug (see <c>DropDepartments</c>).</param>
    /// <param name="subject">Short subject, e.g. <c>drop-rejects</c>.</param>
    /// <param name="reference">Blob reference of the content (never personal data in the message).</param>
    /// <param name="id">Deterministic id for duplicate detection.</param>
    public static ServiceBusMessage NotificationMessage(string department, string subject, string reference, string id)
    {
        var message = new ServiceBusMessage(BinaryData.FromObjectAsJson(new { department, subject, reference }))
        {
            MessageId = id, Subject = subject, ContentType = "application/json",
        };
        message.ApplicationProperties["department"] = department;
        return message;
    }

    /// <summary>Sends a roster event to the township's district subscription.</summary>
    public Task SendRosterAsync(RosterKey roster, RosterMessageKind kind, int level, int tasks, string? reason = null, CancellationToken ct = default,
        string? reference = null) =>
        _surveys.SendMessageAsync(RosterMessage(roster, kind, level, tasks, reason, reference), ct);

    /// <summary>Sends a notification to a department's subscription.</summary>
    public Task NotifyDepartmentAsync(string department, string subject, string reference, string id, CancellationToken ct = default) =>
        _notifications.SendMessageAsync(NotificationMessage(department, subject, reference, id), ct);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _surveys.DisposeAsync();
        await _notifications.DisposeAsync();
    }
}
