using System.Text;
using Canbao.Workflows.Contracts;
using Microsoft.DurableTask.Client;

namespace Canbao.Workflows.Tests;

/// <summary>Drop ingestion on the in-process host, with case 16's events (shared/cases/16-blob-trigger-double-fire).</summary>
public sealed class DropIngestionTests
{
    private const string Container = "extracts";
    private const string Name = "civil-affairs/2026-11-28-deaths.csv";

    /// <summary>About 10,000 rows of a deaths extract (the case asks for that size; content is what the hash sees).</summary>
    private static byte[] DeathsExtract(int rows = 10_000)
    {
        var sb = new StringBuilder("公民身份号码,姓名,死亡日期\n");
        for (var i = 0; i < rows; i++) sb.Append("63010219700101").Append((1000 + i % 9000).ToString("D4")).Append(",某某,2026-11-20\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static DropIngestionInput Event(string etag, long length, int maxAttempts = 3) =>
        new(new DropRef(Container, Name, "civil_affairs", etag, length), maxAttempts, SettleSeconds: 0, RetrySeconds: 0);

    [Fact]
    public async Task Case16_zero_length_then_content_then_redelivery_yields_exactly_one_import()
    {
        await using var host = await WorkflowHost.StartAsync();
        // Event 1: the copy has committed a zero-length blob.
        host.Drops.Put(Container, Name, [], "0x8DD0000000000A1");
        var (id1, started1) = await WorkflowStarts.StartDropAsync(host.Client, Event("0x8DD0000000000A1", 0));
        var first = (await host.CompleteAsync(id1)).ReadOutputAs<DropOutcome>()!;
        Assert.True(started1);
        Assert.Equal(DropOutcomeKind.NotReady, first.Kind);
        Assert.StartsWith("zero-length", first.Reason);
        Assert.Equal(0, host.Ledger.Completed);

        // Events 2 and 3 (an exact redelivery) after the content landed, fired together.
        var content = DeathsExtract();
        host.Drops.Put(Container, Name, content, "0x8DD0000000000B2");
        var starts = await Task.WhenAll(
            WorkflowStarts.StartDropAsync(host.Client, Event("0x8DD0000000000B2", content.Length)),
            WorkflowStarts.StartDropAsync(host.Client, Event("0x8DD0000000000B2", content.Length)));
        Assert.Equal(starts[0].InstanceId, starts[1].InstanceId);
        Assert.Equal(1, starts.Count(s => s.Started));
        var second = (await host.CompleteAsync(starts[0].InstanceId)).ReadOutputAs<DropOutcome>()!;

        Assert.Equal(DropOutcomeKind.Imported, second.Kind);
        Assert.Equal(1, second.Attempts);
        Assert.Equal(content.Length / 100, second.Summary!.RowsIn);
        Assert.Single(host.Ingestor.Calls);
        Assert.Equal(1, host.Ledger.Completed);
        Assert.Equal(second.Summary.RowsIn, second.Summary.Accepted + second.Summary.Held + second.Summary.Rejected);

        // A late re-run of event 1 now sees the new version: superseded, not a second import.
        await host.Client.PurgeInstanceAsync(id1);
        var (again, _) = await WorkflowStarts.StartDropAsync(host.Client, Event("0x8DD0000000000A1", 0));
        var late = (await host.CompleteAsync(again)).ReadOutputAs<DropOutcome>()!;
        Assert.Equal(DropOutcomeKind.NotReady, late.Kind);
        Assert.StartsWith("superseded", late.Reason);
        Assert.Single(host.Ingestor.Calls);
    }

    [Fact]
    public async Task Same_content_dropped_under_another_name_is_a_duplicate()
    {
        await using var host = await WorkflowHost.StartAsync();
        var content = DeathsExtract(500);
        host.Drops.Put(Container, Name, content, "0x1");
        host.Drops.Put(Container, "civil-affairs/copy.csv", content, "0x2");
        var (a, _) = await WorkflowStarts.StartDropAsync(host.Client, Event("0x1", content.Length));
        Assert.Equal(DropOutcomeKind.Imported, (await host.CompleteAsync(a)).ReadOutputAs<DropOutcome>()!.Kind);
        var (b, _) = await WorkflowStarts.StartDropAsync(host.Client,
            new DropIngestionInput(new DropRef(Container, "civil-affairs/copy.csv", "civil_affairs", "0x2", content.Length), SettleSeconds: 0));
        var dup = (await host.CompleteAsync(b)).ReadOutputAs<DropOutcome>()!;
        Assert.Equal(DropOutcomeKind.Duplicate, dup.Kind);
        Assert.Equal("content already imported", dup.Reason);
        Assert.Single(host.Ingestor.Calls);
    }

    [Fact]
    public async Task A_drop_that_always_fails_is_quarantined_after_exactly_N_attempts()
    {
        await using var host = await WorkflowHost.StartAsync();
        var content = DeathsExtract(300);
        host.Drops.Put(Container, Name, content, "0xB");
        host.Ingestor.FailFirst = int.MaxValue;
        var (id, _) = await WorkflowStarts.StartDropAsync(host.Client, Event("0xB", content.Length, maxAttempts: 4));
        var outcome = (await host.CompleteAsync(id)).ReadOutputAs<DropOutcome>()!;

        Assert.Equal(DropOutcomeKind.Quarantined, outcome.Kind);
        Assert.Equal(4, outcome.Attempts);
        Assert.Equal(4, host.Ingestor.Calls.Count);
        Assert.Equal([1, 2, 3, 4], host.Ingestor.Calls.Select(c => c.Attempt));
        var q = Assert.Single(host.Drops.Quarantined);
        Assert.Equal(4, q.Attempts);
        Assert.Contains("attempt 4", q.Reason);
        Assert.Contains("read failed at byte 4096", q.Reason);
        Assert.Equal(0, host.Ledger.Completed);
        Assert.Equal(1, host.Ledger.Released);
    }

    [Fact]
    public async Task A_crash_mid_import_is_retried_and_ends_as_one_import()
    {
        await using var host = await WorkflowHost.StartAsync();
        var content = DeathsExtract(1000);
        host.Drops.Put(Container, Name, content, "0xC");
        host.Ingestor.FailFirst = 1;
        var (id, _) = await WorkflowStarts.StartDropAsync(host.Client, Event("0xC", content.Length));
        var outcome = (await host.CompleteAsync(id)).ReadOutputAs<DropOutcome>()!;
        Assert.Equal(DropOutcomeKind.Imported, outcome.Kind);
        Assert.Equal(2, outcome.Attempts);
        Assert.Equal(1, host.Ledger.Completed);
        Assert.Empty(host.Drops.Quarantined);
        // Both attempts asked for the same content, so the ingestor's outputs (named by hash) are the same.
        Assert.Single(host.Ingestor.Calls.Select(c => c.ContentHash).Distinct());
    }

    [Fact]
    public async Task A_drop_still_being_written_between_two_looks_is_not_imported()
    {
        await using var host = await WorkflowHost.StartAsync();
        var grow = 0;
        host.Drops.OnProbe = _ => { grow++; return (DeathsExtract(100 * grow), $"0xE{grow}"); };
        var (id, _) = await WorkflowStarts.StartDropAsync(host.Client,
            new DropIngestionInput(new DropRef(Container, Name, "civil_affairs", null, null), SettleSeconds: 1));
        var outcome = (await host.CompleteAsync(id)).ReadOutputAs<DropOutcome>()!;
        Assert.Equal(DropOutcomeKind.NotReady, outcome.Kind);
        Assert.StartsWith("still changing", outcome.Reason);
        Assert.Equal(2, host.Drops.Probes);
        Assert.Empty(host.Ingestor.Calls);
    }

    [Fact]
    public async Task Drop_payloads_stay_under_16_KB_even_with_a_huge_failure_message()
    {
        await using var host = await WorkflowHost.StartAsync();
        var content = DeathsExtract(10);
        host.Drops.Put(Container, Name, content, "0xF");
        host.Ingestor.FailFirst = int.MaxValue;
        var (id, _) = await WorkflowStarts.StartDropAsync(host.Client, Event("0xF", content.Length, maxAttempts: 1));
        var meta = await host.CompleteAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, meta.RuntimeStatus);
        Assert.True((meta.SerializedInput?.Length ?? 0) < Payload.MaxBytes);
        Assert.True((meta.SerializedOutput?.Length ?? 0) < Payload.MaxBytes);
        Assert.True((meta.SerializedCustomStatus?.Length ?? 0) < Payload.MaxBytes);
        Assert.Equal(new string('x', Payload.MaxReasonChars - 1) + "…", Payload.Reason(new string('x', 100_000)));
    }

    [Fact]
    public void Instance_id_is_keyed_on_container_name_and_etag_not_the_name_alone()
    {
        var a = new DropRef(Container, Name, "civil_affairs", "0xA", 0);
        Assert.Equal(WorkflowIds.Drop(a), WorkflowIds.Drop(a with { Length = 5 }));
        Assert.NotEqual(WorkflowIds.Drop(a), WorkflowIds.Drop(a with { ETag = "0xB" }));
        Assert.NotEqual(WorkflowIds.Drop(a), WorkflowIds.Drop(a with { Container = "drops" }));
    }
}
