using Azure.Messaging.ServiceBus;
using Canbao.Functions.Adapters;
using Canbao.Hosting.Ports;
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

public sealed class ServiceBusRosterMessagesTests
{
    private sealed class RecordingSender : Azure.Messaging.ServiceBus.ServiceBusSender
    {
        public List<Azure.Messaging.ServiceBus.ServiceBusMessage> Sent { get; } = [];
        public override Task SendMessageAsync(Azure.Messaging.ServiceBus.ServiceBusMessage message, CancellationToken cancellationToken = default)
        {
            Sent.Add(message);
            return Task.CompletedTask;
        }
        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class RecordingClient : Azure.Messaging.ServiceBus.ServiceBusClient
    {
        public Dictionary<string, RecordingSender> Senders { get; } = [];
        public override Azure.Messaging.ServiceBus.ServiceBusSender CreateSender(string queueOrTopicName) => Senders[queueOrTopicName] = new RecordingSender();
    }

    [Fact]
    public async Task Every_roster_message_goes_to_the_survey_topic_with_its_kind_as_subject_and_the_district_the_subscription_filters_on()
    {
        var client = new RecordingClient();
        await using var bus = new SurveyDispatchBus(client);
        var port = new ServiceBusRosterMessages(bus);
        var roster = new RosterKey("20261128", "630104002");
        await port.SendAsync(new RosterMessage(roster, RosterMessageKind.Dispatched, 0, 17, Ref: "rounds/20261128/survey/630104002/roster.xlsx"));
        await port.SendAsync(new RosterMessage(roster, RosterMessageKind.Reminder, 1, 0));
        await port.SendAsync(new RosterMessage(roster, RosterMessageKind.Escalation, 2, 0));
        await port.SendAsync(new RosterMessage(roster, RosterMessageKind.ReviewRequested, 0, 15, Ref: "rounds/20261128/survey/630104002/returned.csv"));
        await port.SendAsync(new RosterMessage(roster, RosterMessageKind.SentBack, 0, 0, "电话号码缺失"));

        var sent = client.Senders[Settings.SurveyDispatchTopic].Sent;
        Assert.Equal(["Dispatched", "Reminder", "Escalation", "ReviewRequested", "SentBack"], sent.Select(m => m.Subject));
        Assert.All(sent, m => Assert.Equal("630104", m.ApplicationProperties["districtCode"]));
        Assert.All(sent, m => Assert.Equal("630104002", m.ApplicationProperties["township"]));
        Assert.Equal("20261128:630104002:Escalation:2", sent[2].MessageId);
        using var first = System.Text.Json.JsonDocument.Parse(sent[0].Body.ToString());
        Assert.Equal(17, first.RootElement.GetProperty("tasks").GetInt32());
        Assert.Equal("rounds/20261128/survey/630104002/roster.xlsx", first.RootElement.GetProperty("reference").GetString());
        using var last = System.Text.Json.JsonDocument.Parse(sent[4].Body.ToString());
        Assert.Equal("电话号码缺失", last.RootElement.GetProperty("reason").GetString());
        Assert.Empty(client.Senders[Settings.DepartmentNotificationsTopic].Sent);
    }

    [Fact]
    public async Task A_roster_with_no_township_code_is_refused_before_anything_is_sent()
    {
        var client = new RecordingClient();
        await using var bus = new SurveyDispatchBus(client);
        await Assert.ThrowsAsync<ArgumentException>(() => new ServiceBusRosterMessages(bus).SendAsync(new RosterMessage(new RosterKey("20261128", "unknown_township"), RosterMessageKind.Dispatched, 0, 3)));
        Assert.Empty(client.Senders[Settings.SurveyDispatchTopic].Sent);
    }
}
