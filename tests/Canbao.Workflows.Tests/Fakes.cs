using System.Collections.Concurrent;
using System.Security.Cryptography;
using Canbao.Workflows.Contracts;
using Canbao.Workflows.Ports;

namespace Canbao.Workflows.Tests;

/// <summary>Blobs in memory: content and ETag per (container, name); probes can be scripted to see a changing blob.</summary>
public sealed class MemoryDropStore : IDropStore
{
    private readonly ConcurrentDictionary<string, (byte[] Content, string ETag)> blobs = new();
    public ConcurrentQueue<QuarantineRequest> Quarantined { get; } = new();
    /// <summary>When set, every probe first replaces the blob (simulates an upload still going on).</summary>
    public Func<string, (byte[] Content, string ETag)>? OnProbe { get; set; }
    public int Probes;

    public void Put(string container, string name, byte[] content, string etag) => blobs[$"{container}/{name}"] = (content, etag);

    public Task<DropProbe> ProbeAsync(DropRef drop, CancellationToken ct = default)
    {
        Interlocked.Increment(ref Probes);
        var key = $"{drop.Container}/{drop.Name}";
        if (OnProbe is not null) blobs[key] = OnProbe(key);
        if (!blobs.TryGetValue(key, out var blob)) return Task.FromResult(new DropProbe(false, 0, "", "", false));
        var hash = blob.Content.Length == 0 ? "" : Convert.ToHexStringLower(SHA256.HashData(blob.Content));
        return Task.FromResult(new DropProbe(true, blob.Content.Length, blob.ETag, hash, false));
    }

    public Task QuarantineAsync(QuarantineRequest request, CancellationToken ct = default)
    {
        Quarantined.Enqueue(request);
        return Task.CompletedTask;
    }
}

/// <summary>The import ledger in memory, with the same claim rules a real one has.</summary>
public sealed class MemoryImportLedger : IImportLedger
{
    private readonly object gate = new();
    private readonly Dictionary<string, (string InstanceId, DropImportSummary? Done)> claims = new();
    public int Completed;
    public int Released;

    public Task<ImportClaim> ClaimAsync(ImportClaimRequest request, CancellationToken ct = default)
    {
        lock (gate)
        {
            if (!claims.TryGetValue(request.ContentHash, out var claim))
            {
                claims[request.ContentHash] = (request.InstanceId, null);
                return Task.FromResult(ImportClaim.Claimed);
            }
            if (claim.Done is not null) return Task.FromResult(ImportClaim.AlreadyImported);
            return Task.FromResult(claim.InstanceId == request.InstanceId ? ImportClaim.Claimed : ImportClaim.InProgressElsewhere);
        }
    }

    public Task CompleteAsync(ImportCompletion completion, CancellationToken ct = default)
    {
        lock (gate)
        {
            if (completion.Summary is null)
            {
                if (claims.Remove(completion.ContentHash)) Released++;
            }
            else if (claims.TryGetValue(completion.ContentHash, out var c) && c.Done is null)
            {
                claims[completion.ContentHash] = (completion.InstanceId, completion.Summary);
                Completed++;
            }
        }
        return Task.CompletedTask;
    }
}

/// <summary>An ingestor that counts lines as rows and can be told to fail its first N calls (or all).</summary>
public sealed class ScriptedIngestor : IDropIngestor
{
    public int FailFirst { get; set; }
    public ConcurrentQueue<DropImportRequest> Calls { get; } = new();

    public Task<DropImportSummary> ImportAsync(DropImportRequest request, CancellationToken ct = default)
    {
        Calls.Enqueue(request);
        if (Calls.Count <= FailFirst) throw new IOException($"read failed at byte {1024 * Calls.Count} of {request.Drop.Name}");
        var rows = (int)((request.Drop.Length ?? 0) / 100);
        return Task.FromResult(new DropImportSummary(rows, rows - 7, 5, 2, $"batches/{request.ContentHash[..12]}.ndjson", $"reports/{request.ContentHash[..12]}.csv"));
    }
}

/// <summary>A round of 16 partitions, each with fixed counts.</summary>
public sealed class FakeRoundRunner : IRoundRunner
{
    public int SurveyTasksPerPartition { get; set; } = 3;
    public ConcurrentQueue<string> PartitionCalls { get; } = new();
    public RoundCompletion? Completion;

    public Task<RoundPlan> PlanAsync(string roundId, CancellationToken ct = default) =>
        Task.FromResult(new RoundPlan(roundId, Enumerable.Range(0, 16).Select(i => i.ToString("x2")).ToList()));

    public Task<PartitionResult> RunPartitionAsync(PartitionRequest request, CancellationToken ct = default)
    {
        PartitionCalls.Enqueue(request.Partition);
        var n = Convert.ToInt32(request.Partition, 16);
        return Task.FromResult(new PartitionResult(request.Partition, 100 + n, 10 + n, SurveyTasksPerPartition, $"rounds/{request.RoundId}/{request.Partition}.ndjson"));
    }

    public Task<RoundSummary> CompleteAsync(RoundCompletion completion, CancellationToken ct = default)
    {
        Completion = completion;
        var persons = completion.Partitions.Sum(p => p.Persons);
        var byStatus = new Dictionary<string, int> { ["fully_enrolled"] = persons - 100, ["not_enrolled"] = 100 };
        return Task.FromResult(new RoundSummary(completion.RoundId, persons, completion.Partitions.Sum(p => p.Changed), byStatus,
            completion.Partitions.Sum(p => p.SurveyTasks), $"rounds/{completion.RoundId}/summary.json"));
    }
}

public sealed class RecordingStarter : IWorkflowStarter
{
    public ConcurrentQueue<CampaignInput> Started { get; } = new();
    public Task<string> StartSurveyCampaignAsync(CampaignInput input, CancellationToken ct = default)
    {
        Started.Enqueue(input);
        return Task.FromResult(WorkflowIds.Campaign(input.RoundId));
    }
}

/// <summary>Records every roster call as "Verb township[/level]"; each township has 20 tasks.</summary>
public sealed class RecordingDispatcher : IRosterDispatcher
{
    public IReadOnlyList<string> Townships { get; set; } = ["630102001", "630102002", "630103001"];
    public ConcurrentQueue<string> Log { get; } = new();
    public int Count(string verb, string township) => Log.Count(l => l.StartsWith($"{verb} {township}", StringComparison.Ordinal));

    public Task<CampaignPlan> PlanAsync(string roundId, CancellationToken ct = default) => Task.FromResult(new CampaignPlan(roundId, Townships));
    public Task<int> DispatchAsync(RosterKey roster, CancellationToken ct = default) { Log.Enqueue($"Dispatch {roster.Township}"); return Task.FromResult(20); }
    public Task RemindAsync(RosterNotice notice, CancellationToken ct = default) { Log.Enqueue($"Remind {notice.Roster.Township}/{notice.Level}"); return Task.CompletedTask; }
    public Task EscalateAsync(RosterNotice notice, CancellationToken ct = default) { Log.Enqueue($"Escalate {notice.Roster.Township}/{notice.Level}"); return Task.CompletedTask; }
    public Task RequestReviewAsync(RosterResultsRequest request, CancellationToken ct = default) { Log.Enqueue($"Review {request.Roster.Township}"); return Task.CompletedTask; }
    public Task SendBackAsync(RosterSendBack sendBack, CancellationToken ct = default) { Log.Enqueue($"SendBack {sendBack.Roster.Township}"); return Task.CompletedTask; }

    public Task<RosterConfirmation> ConfirmAsync(RosterResultsRequest request, CancellationToken ct = default)
    {
        Log.Enqueue($"Confirm {request.Roster.Township}");
        return Task.FromResult(new RosterConfirmation(request.Submission.Visited, request.Submission.Unreachable));
    }

    public Task<RosterConfirmation> ExpireAsync(RosterKey roster, CancellationToken ct = default)
    {
        Log.Enqueue($"Expire {roster.Township}");
        return Task.FromResult(new RosterConfirmation(0, 20));
    }
}

public sealed class RecordingReports : IReportWriter, IHistoryPurger
{
    public ConcurrentQueue<string> Log { get; } = new();
    public Task<ReportRef> WriteDistrictReportsAsync(ReportRequest request, CancellationToken ct = default)
    {
        Log.Enqueue($"districts {request.Period}");
        return Task.FromResult(new ReportRef(request.Period, 7, $"reports/{request.Period}/districts"));
    }
    public Task<ReportRef> WriteCityReportAsync(ReportRequest request, CancellationToken ct = default)
    {
        Log.Enqueue($"city {request.Period}");
        return Task.FromResult(new ReportRef(request.Period, 1, $"reports/{request.Period}/city"));
    }
    public Task<int> PurgeAsync(PurgeRequest request, CancellationToken ct = default)
    {
        Log.Enqueue("purge");
        return Task.FromResult(4);
    }
}
