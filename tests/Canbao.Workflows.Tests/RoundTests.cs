using Canbao.Workflows.Contracts;
using Canbao.Workflows.Rounds;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Canbao.Workflows.Tests;

public sealed class RoundTests
{
    [Fact]
    public async Task Round_fans_out_over_every_partition_fans_in_in_plan_order_and_starts_the_campaign()
    {
        await using var host = await WorkflowHost.StartAsync();
        var timings = new SurveyTimings(60, 10, 30, 1);
        var (id, started) = await WorkflowStarts.StartRoundAsync(host.Client, new RoundInput("2026-11", true, timings));
        Assert.True(started);
        Assert.Equal("round-2026-11", id);
        var meta = await host.CompleteAsync(id);
        var summary = meta.ReadOutputAs<RoundSummary>()!;

        // 16 partitions: persons 100+n, changed 10+n, 3 survey tasks each.
        Assert.Equal(16 * 100 + 120, summary.Persons);
        Assert.Equal(16 * 10 + 120, summary.Changed);
        Assert.Equal(48, summary.SurveyTasks);
        Assert.Equal(summary.Persons, summary.ByStatus.Values.Sum());
        Assert.Equal(16, host.Rounds.PartitionCalls.Count);
        Assert.Equal(16, host.Rounds.PartitionCalls.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 16).Select(i => i.ToString("x2")), host.Rounds.Completion!.Partitions.Select(p => p.Partition));
        var campaign = Assert.Single(host.Starter.Started);
        Assert.Equal(new CampaignInput("2026-11", timings), campaign);
        Assert.True(meta.SerializedOutput!.Length < Payload.MaxBytes);
        Assert.True(meta.SerializedInput!.Length < Payload.MaxBytes);
    }

    [Fact]
    public async Task A_round_without_survey_tasks_starts_no_campaign_and_a_second_start_is_refused()
    {
        await using var host = await WorkflowHost.StartAsync();
        host.Rounds.SurveyTasksPerPartition = 0;
        var (id, _) = await WorkflowStarts.StartRoundAsync(host.Client, new RoundInput("2026-12"));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await host.CompleteAsync(id)).RuntimeStatus);
        var (_, again) = await WorkflowStarts.StartRoundAsync(host.Client, new RoundInput("2026-12"));
        Assert.False(again);
        Assert.Empty(host.Starter.Started);
        Assert.Equal(16, host.Rounds.PartitionCalls.Count);
    }

    [Fact]
    public void Registry_names_match_the_registered_classes_and_are_unique()
    {
        var registry = new DurableTaskRegistry();
        CanbaoWorkflows.Register(registry);
        Assert.Equal(25, CanbaoWorkflows.Names.Count);
        Assert.Equal(CanbaoWorkflows.Names.Count, CanbaoWorkflows.Names.Distinct().Count());
        var types = typeof(ComparisonRoundOrchestrator).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && (IsSubclassOfGeneric(t, typeof(TaskOrchestrator<,>)) || IsSubclassOfGeneric(t, typeof(TaskActivity<,>))))
            .Select(t => t.Name).Order();
        Assert.Equal(types, CanbaoWorkflows.Names.Order());
    }

    private static bool IsSubclassOfGeneric(Type t, Type generic)
    {
        for (var b = t.BaseType; b is not null; b = b.BaseType)
            if (b.IsGenericType && b.GetGenericTypeDefinition() == generic) return true;
        return false;
    }
}
