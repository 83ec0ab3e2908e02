using System.Reflection;
using System.Text.Json.Nodes;
using Canbao.Functions.Drops;
using Microsoft.Azure.Functions.Worker;

namespace Canbao.Functions.Tests;

/// <summary>The functions.metadata the Worker SDK generates at build lists every function with the right trigger.</summary>
public sealed class MetadataTests
{
    private static readonly Lazy<Dictionary<string, JsonArray>> Functions = new(() =>
    {
        var path = Path.Combine(Repo.FunctionsOutput, "functions.metadata");
        Assert.True(File.Exists(path), $"{path} missing: build functions/Canbao.Functions first");
        return JsonNode.Parse(File.ReadAllText(path))!.AsArray()
            .ToDictionary(f => f!["name"]!.GetValue<string>(), f => f!["bindings"]!.AsArray());
    });

    private static JsonNode Trigger(string function) =>
        Functions.Value[function].Single(b => b!["type"]!.GetValue<string>().EndsWith("Trigger", StringComparison.Ordinal))!;

    [Fact]
    public void Lists_every_function_of_the_assembly_once()
    {
        var declared = typeof(Settings).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => m.GetCustomAttribute<FunctionAttribute>()?.Name).OfType<string>().Order().ToList();
        Assert.Equal(declared, Functions.Value.Keys.Order().ToList());
        Assert.Equal(5 + 20 + 11 + 5 + 3, declared.Count);
    }

    [Fact]
    public void One_event_grid_blob_trigger_per_department_on_its_own_container()
    {
        foreach (var slug in DropDepartments.All.Keys)
        {
            var trigger = Trigger(DropDepartments.FunctionName(slug));
            Assert.Equal("blobTrigger", trigger["type"]!.GetValue<string>());
            Assert.Equal($"drops-{slug}/{{name}}", trigger["path"]!.GetValue<string>());
            Assert.Equal("EventGrid", trigger["source"]!.GetValue<string>());
            Assert.Equal(Settings.DropsConnection, trigger["connection"]!.GetValue<string>());
        }
        Assert.Equal(DropDepartments.All.Count, Functions.Value.Values.Count(b => b.Any(x => x!["type"]!.GetValue<string>() == "blobTrigger")));
    }

    [Fact]
    public void Workflow_wrappers_have_orchestration_and_activity_triggers()
    {
        foreach (var name in Canbao.Workflows.CanbaoWorkflows.Orchestrators)
            Assert.Equal("orchestrationTrigger", Trigger(name)["type"]!.GetValue<string>());
        foreach (var name in Canbao.Workflows.CanbaoWorkflows.Activities)
            Assert.Equal("activityTrigger", Trigger(name)["type"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("ChangeFeed_DistrictView", "0 */1 * * * *")]
    [InlineData("Timer_MonthlyReport", "0 30 16 * * *")]
    [InlineData("Timer_HistoryPurge", "0 0 18 * * *")]
    public void Timers_have_their_schedules(string function, string schedule)
    {
        var trigger = Trigger(function);
        Assert.Equal("timerTrigger", trigger["type"]!.GetValue<string>());
        Assert.Equal(schedule, trigger["schedule"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("Api_ListInstances", "instances", "get")]
    [InlineData("Api_StartRound", "rounds", "post")]
    [InlineData("Api_GetWorkflow", "workflows/{instanceId}", "get")]
    [InlineData("Api_RosterResults", "rosters/{roundId}/{township}/results", "post")]
    [InlineData("Api_RosterReview", "rosters/{roundId}/{township}/review", "post")]
    public void Http_routes_are_function_level(string function, string route, string method)
    {
        var trigger = Trigger(function);
        Assert.Equal("httpTrigger", trigger["type"]!.GetValue<string>());
        Assert.Equal(route, trigger["route"]!.GetValue<string>());
        Assert.Equal([method], trigger["methods"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal("Function", trigger["authLevel"]!.ToString());
    }
}
