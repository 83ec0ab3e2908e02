using System.Text;
using System.Text.Json;
using Canbao.Functions.Api;
using Canbao.Functions.Timers;
using Canbao.Workflows;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Canbao.Functions.Tests;

/// <summary>The operator API and the schedule timers called directly with the in-process Durable test host's client.</summary>
public sealed class DurableHostTests : IAsyncLifetime
{
    private DurableTaskTestHost host = null!;
    private DurableTaskClient Client => host.Client;

    public async Task InitializeAsync() =>
        host = await PortRetry.StartAsync(() => DurableTaskTestHost.StartAsync(CanbaoWorkflows.Register, new DurableTaskTestHostOptions { LoggerFactory = NullLoggerFactory.Instance }));

    public async Task DisposeAsync() => await host.DisposeAsync();

    private static HttpRequest Post(string json) =>
        new DefaultHttpContext { Request = { Body = new MemoryStream(Encoding.UTF8.GetBytes(json)), ContentType = "application/json" } }.Request;

    private static (int Status, string Json) Read(IActionResult result)
    {
        var o = Assert.IsAssignableFrom<ObjectResult>(result);
        return (o.StatusCode ?? 200, JsonSerializer.Serialize(o.Value, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
    }

    [Fact]
    public async Task Start_round_starts_once_and_its_status_is_readable()
    {
        var api = new OperatorApi();
        var roundId = $"r{Guid.NewGuid():N}"[..20];
        var first = Read(await api.StartRound(Post($$"""{"roundId":"{{roundId}}","startCampaign":false}"""), Client, default));
        var second = Read(await api.StartRound(Post($$"""{"roundId":"{{roundId}}"}"""), Client, default));
        Assert.Equal((202, $$"""{"instanceId":"round-{{roundId}}","started":true}"""), first);
        Assert.Equal((202, $$"""{"instanceId":"round-{{roundId}}","started":false}"""), second);

        var status = Read(await api.GetWorkflow(Post(""), $"round-{roundId}", Client, default));
        Assert.Equal(200, status.Status);
        Assert.Contains("\"name\":\"ComparisonRoundOrchestrator\"", status.Json);

        var list = Read(await api.ListInstances(Post(""), Client, default));
        Assert.Equal(200, list.Status);
        Assert.Contains($$"""{"instanceId":"round-{{roundId}}","name":"ComparisonRoundOrchestrator",""", list.Json);
    }

    [Theory]
    [InlineData("""{"roundId":""}""", "roundId: 1-64 ASCII letters")]
    [InlineData("""{"roundId":"a/b"}""", "roundId: 1-64 ASCII letters")]
    [InlineData("""{"roundId":""", "body: not valid JSON for RoundInput")]
    [InlineData("null", "body: a JSON object is required")]
    public async Task Start_round_refuses_bad_input_with_the_reason(string body, string reason)
    {
        var (status, json) = Read(await new OperatorApi().StartRound(Post(body), Client, default));
        Assert.Equal(400, status);
        Assert.Contains(reason, json);
    }

    [Fact]
    public async Task Roster_results_for_an_unknown_roster_are_404_and_a_bad_township_400()
    {
        var api = new OperatorApi();
        var body = """{"resultRef":"results/x.json","visited":3,"unreachable":1}""";
        Assert.Equal(404, Read(await api.RosterResults(Post(body), "none", "630102001", Client, default)).Status);
        var bad = Read(await api.RosterResults(Post(body), "none", "6301", Client, default));
        Assert.Equal((400, """{"error":"township: 9 digits"}"""), bad);
        var noReason = Read(await api.RosterReview(Post("""{"approve":false}"""), "none", "630102001", Client, default));
        Assert.Equal((400, """{"error":"reason: required when approve is false"}"""), noReason);
        var wait = Read(await api.GetWorkflow(Post(""), "missing-instance", Client, default));
        Assert.Equal(404, wait.Status);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public async Task Monthly_report_timer_starts_the_eternal_instance_once_and_restarts_it_after_termination()
    {
        // 2027-02-28 20:00 UTC is 2027-03-01 04:00 in China: the period is 2027-03 (its report days are in the future).
        var timers = new ScheduleTimers(new ConfigurationBuilder().Build(), new FixedClock(new DateTimeOffset(2027, 2, 28, 20, 0, 0, TimeSpan.Zero)),
            NullLogger<ScheduleTimers>.Instance);
        Assert.Equal("started", await timers.EnsureMonthlyReportAsync(Client));
        await Client.WaitForInstanceStartAsync(WorkflowIds.MonthlyReport, getInputsAndOutputs: true);
        Assert.Equal("running", await timers.EnsureMonthlyReportAsync(Client));
        var meta = await Client.GetInstanceAsync(WorkflowIds.MonthlyReport, getInputsAndOutputs: true);
        Assert.Contains("\"Year\":2027,\"Month\":3,\"RetainDays\":90", meta!.SerializedInput);

        await Client.TerminateInstanceAsync(WorkflowIds.MonthlyReport);
        await Client.WaitForInstanceCompletionAsync(WorkflowIds.MonthlyReport);
        Assert.Equal("restarted", await timers.EnsureMonthlyReportAsync(Client));
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await Client.WaitForInstanceStartAsync(WorkflowIds.MonthlyReport)).RuntimeStatus);
    }
}
