namespace Canbao.Workflows.Contracts;

/// <summary>Input of <see cref="Rounds.ComparisonRoundOrchestrator"/>.</summary>
/// <param name="RoundId">Round id, e.g. <c>2026-11</c> or <c>2026-11-28T22</c>; also part of output names.</param>
/// <param name="StartCampaign">Start the survey campaign for the round's survey tasks when the round is persisted.</param>
/// <param name="Timings">Deadlines of the campaign started; null = <see cref="SurveyTimings.Default"/>.</param>
public sealed record RoundInput(string RoundId, bool StartCampaign = true, SurveyTimings? Timings = null);

/// <summary>The partitions of a round (fan-out units). Keys are short strings (e.g. resident-ID hash buckets <c>00</c>..<c>0f</c>).</summary>
/// <param name="RoundId">Round id.</param>
/// <param name="Partitions">Partition keys; the round runs one activity per key.</param>
public sealed record RoundPlan(string RoundId, IReadOnlyList<string> Partitions);

/// <summary>One partition to compare.</summary>
/// <param name="RoundId">Round id.</param>
/// <param name="Partition">Partition key.</param>
public sealed record PartitionRequest(string RoundId, string Partition);

/// <summary>What one partition produced (its persons are written to a partition output, not returned).</summary>
/// <param name="Partition">Partition key.</param>
/// <param name="Persons">Persons resolved in the partition.</param>
/// <param name="Changed">Persons whose record changed.</param>
/// <param name="SurveyTasks">Survey tasks the partition produced.</param>
/// <param name="ResultRef">Reference of the partition's output.</param>
public sealed record PartitionResult(string Partition, int Persons, int Changed, int SurveyTasks, string ResultRef);

/// <summary>Fan-in: every partition's result, to persist changed persons and write the round's outputs.</summary>
/// <param name="RoundId">Round id.</param>
/// <param name="Partitions">Results, in plan order.</param>
public sealed record RoundCompletion(string RoundId, IReadOnlyList<PartitionResult> Partitions);

/// <summary>The round's summary (counts only).</summary>
/// <param name="RoundId">Round id.</param>
/// <param name="Persons">Persons in the round.</param>
/// <param name="Changed">Persons written (changed).</param>
/// <param name="ByStatus">Persons per coverage status (snake_case name → count).</param>
/// <param name="SurveyTasks">Survey tasks produced.</param>
/// <param name="OutputRef">Reference of the round's outputs.</param>
public sealed record RoundSummary(string RoundId, int Persons, int Changed, IReadOnlyDictionary<string, int> ByStatus, int SurveyTasks, string OutputRef);
