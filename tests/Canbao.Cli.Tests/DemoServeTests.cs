using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Canbao.Cli.Demo;
using Canbao.Operator.Api;
using Canbao.Operator.Audit;
using Canbao.Operator.Auth;
using Canbao.Operator.Data;

namespace Canbao.Cli.Tests;

/// <summary>The operator API over the demo's store (what <c>canbao demo --serve</c> serves), checked against the demo's summary.</summary>
public sealed class DemoServeTests(DemoFixture demo) : IClassFixture<DemoFixture>
{
    private async Task<(OperatorServer Server, HttpClient Http)> StartAsync(string? district = null)
    {
        var tokens = new LocalTokens();
        var token = tokens.Issue(new OperatorPrincipal("t", "test", district));
        var server = await OperatorServer.StartAsync(new OperatorApiOptions(await DemoServe.DataAsync(demo.Summary), new InMemoryAuditLog(), [tokens]));
        var http = new HttpClient { BaseAddress = server.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (server, http);
    }

    [Fact]
    public async Task District_figures_add_up_to_the_store_and_need_a_token()
    {
        var (server, http) = await StartAsync();
        await using var _ = server;
        using var districts = JsonDocument.Parse(await http.GetStringAsync("api/districts"));
        var rows = districts.RootElement.EnumerateArray().ToList();
        Assert.Equal(7, rows.Count);
        var registered = rows.Sum(r => r.GetProperty("registered").GetInt32());
        var c = demo.Summary.Coverage;
        Assert.Equal(c.Values.Sum() - c["out_of_scope"], registered);

        using var anonymous = new HttpClient { BaseAddress = server.BaseUrl };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/districts")).StatusCode);

        using var drops = JsonDocument.Parse(await http.GetStringAsync("api/drops"));
        Assert.Equal(134, drops.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task A_sent_back_task_is_submitted_and_approved_into_the_person_record()
    {
        var (server, http) = await StartAsync();
        await using var _ = server;
        var data = await DemoServe.DataAsync(demo.Summary);
        var sentBack = await data.ListTasksAsync(new SurveyTaskQuery(null, null, SurveyTaskState.SentBack), default);
        Assert.NotEmpty(sentBack);
        var task = sentBack[0];
        Assert.DoesNotContain(task.ResidentId, task.TaskId);
        var entered = await data.ActOnTaskAsync(task.TaskId, SurveyTaskAction.Submit, null, "t", default);
        Assert.Equal(SurveyTaskState.Entered, entered.State);
        var confirmed = await data.ActOnTaskAsync(task.TaskId, SurveyTaskAction.Approve, null, "t", default);
        Assert.Equal(SurveyTaskState.Confirmed, confirmed.State);
        await Assert.ThrowsAsync<InvalidOperationException>(() => data.ActOnTaskAsync(task.TaskId, SurveyTaskAction.Approve, null, "t", default));
        var person = await data.GetPersonAsync(task.ResidentId, default);
        Assert.Equal(task.DistrictCode, person!.DistrictCode);
    }
}
