using Canbao.Workflows.Contracts;

namespace Canbao.Workflows.Ports;

/// <summary>The comparison round (数据比对) in three steps the round orchestrator fans out and in.</summary>
public interface IRoundRunner
{
    /// <summary>Fixes the round's inputs (the latest imported batch of each feed) and returns its partitions.</summary>
    Task<RoundPlan> PlanAsync(string roundId, CancellationToken ct = default);

    /// <summary>Resolves and classifies the persons of one partition and writes them to the partition output. Idempotent.</summary>
    Task<PartitionResult> RunPartitionAsync(PartitionRequest request, CancellationToken ct = default);

    /// <summary>Persists changed persons, writes the round's outputs (summary, survey work list). Idempotent.</summary>
    Task<RoundSummary> CompleteAsync(RoundCompletion completion, CancellationToken ct = default);
}
