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
    public async Task Instances_are_the_workflow_instances_the_demo_ran_in_the_Functions_shape()
    {
        var (server, http) = await StartAsync();
        await using var _ = server;
        using var doc = JsonDocument.Parse(await http.GetStringAsync("api/instances"));
        var list = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(demo.Summary.Instances.Count, list.Count);
        foreach (var key in new[] { "instanceId", "name", "status", "createdAt", "lastUpdatedAt", "customStatus" })
            Assert.All(list, i => Assert.True(i.TryGetProperty(key, out var _), key));
        Assert.Contains(list, i => i.GetProperty("instanceId").GetString() == "round-20170331-2017-03" && i.GetProperty("status").GetString() == "Completed");
        var roster = list.First(i => i.GetProperty("name").GetString() == "RosterSurveyOrchestrator");
        Assert.Equal(6, roster.GetProperty("districtCode").GetString()!.Length);

        // A district operator sees city-wide instances and the rosters of the district only.
        var district = roster.GetProperty("districtCode").GetString()!;
        var (ds, dh) = await StartAsync(district);
        await using var __ = ds;
        using var scoped = JsonDocument.Parse(await dh.GetStringAsync("api/instances"));
        Assert.All(scoped.RootElement.EnumerateArray().Where(i => i.TryGetProperty("districtCode", out var d) && d.ValueKind == JsonValueKind.String),
            i => Assert.Equal(district, i.GetProperty("districtCode").GetString()));
    }

    [Fact]
    public async Task A_task_left_open_is_submitted_and_approved_into_the_person_record()
    {
        var data = await DemoServe.DataAsync(demo.Summary);
        // Every roster was confirmed by the campaign; a task still dispatched is one the campaign had on no roster.
        var open = await data.ListTasksAsync(new SurveyTaskQuery(null, null, SurveyTaskState.Dispatched), default);
        Assert.NotEmpty(open);
        var task = open[0];
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
