using Azure.Messaging.ServiceBus;
using Canbao.Functions.Adapters;
using Canbao.Workflows.Contracts;

namespace Canbao.Functions.Tests;

public sealed class SurveyDispatchBusTests
{
    private sealed class RecordingSender(string topic) : ServiceBusSender
    {
        public string Topic { get; } = topic;
        public List<ServiceBusMessage> Sent { get; } = [];
        public override Task SendMessageAsync(ServiceBusMessage message, CancellationToken cancellationToken = default)
        {
            Sent.Add(message);
            return Task.CompletedTask;
        }
        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class RecordingClient : ServiceBusClient
    {
        public Dictionary<string, RecordingSender> Senders { get; } = [];
        public override ServiceBusSender CreateSender(string queueOrTopicName) => Senders[queueOrTopicName] = new RecordingSender(queueOrTopicName);
    }

    [Fact]
    public async Task Roster_messages_carry_the_district_code_the_subscriptions_filter_on()
    {
        var client = new RecordingClient();
        await using var bus = new SurveyDispatchBus(client);
        await bus.SendRosterAsync(new RosterKey("2026-11", "630102001"), RosterMessageKind.Dispatched, 0, 42);
        await bus.SendRosterAsync(new RosterKey("2026-11", "630123100"), RosterMessageKind.Escalation, 2, 5);

        var sent = client.Senders[Settings.SurveyDispatchTopic].Sent;
        Assert.Equal(["630102", "630123"], sent.Select(m => (string)m.ApplicationProperties["districtCode"]));
        Assert.Equal(["2026-11:630102001:Dispatched:0", "2026-11:630123100:Escalation:2"], sent.Select(m => m.MessageId));
        Assert.Contains("\"tasks\":42", sent[0].Body.ToString());
        Assert.Empty(client.Senders[Settings.DepartmentNotificationsTopic].Sent);
    }

    [Fact]
    public async Task Department_notifications_carry_the_department()
    {
        var client = new RecordingClient();
        await using var bus = new SurveyDispatchBus(client);
        await bus.NotifyDepartmentAsync("health", "drop-rejects", "reports/abc.json", "drop-abc:rejects");
        var m = Assert.Single(client.Senders[Settings.DepartmentNotificationsTopic].Sent);
        Assert.Equal("health", m.ApplicationProperties["department"]);
        Assert.Equal("drop-abc:rejects", m.MessageId);
    }

    [Theory]
    [InlineData("63010200")]
    [InlineData("6301020011")]
    [InlineData("６３０１０２００１")]
    public void A_township_code_that_is_not_9_ascii_digits_is_refused(string township) =>
        Assert.Throws<ArgumentException>(() => SurveyDispatchBus.RosterMessage(new RosterKey("r", township), RosterMessageKind.Dispatched, 0, 1));
}
