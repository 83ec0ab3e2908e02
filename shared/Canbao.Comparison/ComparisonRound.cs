using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime;
using System.Text.Json;
using Canbao.Domain.Coverage;
using Canbao.Domain.Matching;
using Canbao.Domain.Persons;
using Canbao.Store;

namespace Canbao.Comparison;

/// <summary>Options of a round.</summary>
/// <param name="RoundId">Round id, e.g. <c>2026-11-29</c> or a workflow instance id.</param>
/// <param name="Date">The round's date: ages and ID birth-date checks use it, never the machine clock.</param>
/// <param name="Partitions">Number of partitions (by ID hash); each can run as its own workflow activity.</param>
public sealed record RoundOptions(string RoundId, DateOnly Date, int Partitions = 8)
{
    /// <summary>Linkage parameters.</summary>
    public MatchParameters Match { get; init; } = new();

    /// <summary>Rows one partition of an in-process round (<see cref="ComparisonRound.RunAsync"/>) should hold at most:
    /// about 40,000 persons, a few hundred MB while assembled. The round multiplies <see cref="Partitions"/> by 1, 2, 4 or 8 to stay under it.</summary>
    public int RowsPerPartition { get; init; } = 150_000;

    /// <summary>Folder for the round's temporary row files (<see cref="RowSpill"/>); null: the system temp folder.</summary>
    public string? SpillDirectory { get; init; }
}

/// <summary>One partition's work: small, serializable (a workflow activity's input).</summary>
/// <param name="RoundId">Round id.</param>
/// <param name="Partition">Partition key in [0, Partitions).</param>
/// <param name="Partitions">Partition count.</param>
/// <param name="BatchReference">Reference of the resolved batch to read (a blob path or an in-process key).</param>
public sealed record PartitionWork(string RoundId, int Partition, int Partitions, string BatchReference);

/// <summary>What a partition did: counts only (a workflow activity's output).</summary>
/// <param name="Partition">Partition key.</param>
/// <param name="Persons">Persons assembled.</param>
/// <param name="Written">Persons written because their content changed.</param>
/// <param name="Unchanged">Persons whose content hash equalled the stored one.</param>
/// <param name="Failed">Persons the store could not write.</param>
/// <param name="Coverage">Persons per coverage status (snake_case key).</param>
public sealed record PartitionCounts(int Partition, int Persons, int Written, int Unchanged, int Failed, IReadOnlyDictionary<string, int> Coverage);

/// <summary>The summary of a round; the JSON shape of <c>canbao run --json</c> (snake_case).</summary>
/// <param name="Round">Round id.</param>
/// <param name="Persons">Persons in the round.</param>
/// <param name="ChangedPersons">Persons written because their content changed (0 when the round is re-run on the same drops).</param>
/// <param name="Coverage">Persons per coverage status, every status listed.</param>
/// <param name="SurveyTasks">Persons on the round's survey list (<see cref="PersonAssembler.OnSurveyList"/>): not covered, with an open task or a kept survey outcome.</param>
/// <param name="RejectedRows">Rows not used: rejected by the readers, or an unusable ID with no match.</param>
/// <param name="Outputs">Output files by kind (paths).</param>
/// <param name="ElapsedS">Wall time in seconds.</param>
public sealed record RoundSummary(string Round, int Persons, int ChangedPersons, IReadOnlyDictionary<string, int> Coverage, int SurveyTasks,
    long RejectedRows, IReadOnlyDictionary<string, string> Outputs, double ElapsedS)
{
    /// <summary>Rows read, how they were resolved, problems found, files that failed.</summary>
    public RoundDetail? Detail { get; init; }
}

/// <summary>Details beside the summary.</summary>
/// <param name="RowsRead">Person rows read.</param>
/// <param name="Resolution">Resolution counts.</param>
/// <param name="Problems">Problem-list entries per kind.</param>
/// <param name="FileErrors">Files that could not be read.</param>
public sealed record RoundDetail(long RowsRead, ResolutionCounts Resolution, IReadOnlyDictionary<string, int> Problems, IReadOnlyList<string> FileErrors)
{
    /// <summary>Seconds per stage: read_and_resolve, assemble (assembly, comparison with the store and serialization,
    /// summed over partitions), write (the store's writes, summed), outputs.</summary>
    public IReadOnlyDictionary<string, double> Timings { get; init; } = new Dictionary<string, double>();

    /// <summary>The garbage collector during the round and during its first stage (read and resolve); null when not measured.</summary>
    public RoundGc? Gc { get; init; }
}

/// <summary>What the .NET garbage collector did during a round: a round's cost at a million persons is as much the
/// collector's as the code's (the process-wide counters; another round in the same process would be counted too).</summary>
/// <param name="PauseS">Seconds in which every managed thread stood for a collection.</param>
/// <param name="Gen0">Collections of generation 0 and above (every collection counts here).</param>
/// <param name="Gen1">Collections of generation 1 and above.</param>
/// <param name="Gen2">Full collections.</param>
/// <param name="AllocatedGb">Bytes allocated, in GB (10^9).</param>
/// <param name="Resolve">The same figures for the first stage (read and resolve) alone.</param>
public sealed record RoundGc(double PauseS, int Gen0, int Gen1, int Gen2, double AllocatedGb,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] RoundGc? Resolve = null);

/// <summary>The collector's counters at one moment.</summary>
internal readonly record struct GcCounts(TimeSpan Pause, int Gen0, int Gen1, int Gen2, long Allocated)
{
    public static GcCounts Now() => new(GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalAllocatedBytes());

    /// <summary>From this moment to <paramref name="end"/>, with the stage up to <paramref name="stage"/> as <see cref="RoundGc.Resolve"/>.</summary>
    public RoundGc Until(GcCounts end, GcCounts? stage = null) => new(Math.Round((end.Pause - Pause).TotalSeconds, 2), end.Gen0 - Gen0, end.Gen1 - Gen1,
        end.Gen2 - Gen2, Math.Round((end.Allocated - Allocated) / 1e9, 2), stage is { } s ? Until(s) : null);
}

/// <summary>
/// The comparison round (数据比对): resolve every row to a person (<see cref="Resolver"/>), then per partition assemble
/// and classify each person (<see cref="PersonAssembler"/>), hash it (<see cref="ContentHasher"/>), merge the persons
/// whose content changed with their stored record (<see cref="RecordMerger"/>) and write them through
/// <see cref="IPersonStore.WriteChangedAsync"/>; finally the outputs.
/// <see cref="RunPartitionAsync"/> is the partition-level entry point a workflow activity wraps.
/// </summary>
public sealed class ComparisonRound(IPersonStore store, RoundOptions options)
{
    private static readonly ConcurrentDictionary<string, IResolvedBatch> Batches = new(StringComparer.Ordinal);

    /// <summary>Partitions of one round assemble in parallel but write one at a time: an embedded SQLite store
    /// serializes writers anyway, and waiting on its busy handler costs seconds.</summary>
    private readonly SemaphoreSlim _writes = new(1, 1);
    private long _assembleTicks, _writeTicks;

    /// <summary>Registers a resolved batch under a reference so partition runs in this process can read it.</summary>
    public static string Register(string reference, IResolvedBatch batch) { Batches[reference] = batch; return reference; }

    /// <summary>Removes a registered batch.</summary>
    public static void Unregister(string reference) => Batches.TryRemove(reference, out _);

    /// <summary>
    /// Runs one partition, <see cref="ChunkSize"/> persons at a time (each chunk in resident-ID order): assembles and
    /// classifies them, reads their stored records in one bulk read (<see cref="IPersonStore.ReadManyAsync"/>), and
    /// queues those whose derived content hash differs from the stored one, merged with the stored record
    /// (<see cref="RecordMerger"/>: survey state and results, aliases and history are kept) and serialized, for the
    /// next write (<see cref="IPersonStore.WriteDocumentsIfMatchAsync"/>, once <see cref="WriteBatchPersons"/> persons or
    /// <see cref="WriteBatchBytes"/> are queued, and at the end). Unchanged persons are not written; the sink receives
    /// their stored record. The write is conditional on the ETags read: a person written by someone else in between is
    /// re-read, merged again and written again (at most 4 attempts; then counted in <see cref="PartitionCounts.Failed"/>).
    /// Only one chunk's records and the queued documents' bytes are alive at a time, so records die young instead of
    /// filling the collector's older generations (the round's largest cost at a million persons), and a store commits
    /// large batches.
    /// </summary>
    /// <param name="work">The partition and the batch reference.</param>
    /// <param name="sink">Receives each chunk's persons as compared (in resident-ID order within the chunk; for the
    /// round's outputs); null to skip. Called on the partition's thread before the chunk's write; the list is not kept
    /// by the round. A person merged again after a write conflict is stored as merged again and reaches the sink as
    /// first merged.</param>
    /// <param name="ct">Cancellation.</param>
    /// <exception cref="KeyNotFoundException">No batch is registered under the reference.</exception>
    public async Task<PartitionCounts> RunPartitionAsync(PartitionWork work, Action<IReadOnlyList<PersonRecord>>? sink = null, CancellationToken ct = default)
    {
        if (!Batches.TryGetValue(work.BatchReference, out var resolved)) throw new KeyNotFoundException($"no resolved batch '{work.BatchReference}'");
        var coverage = new Dictionary<string, int>(StringComparer.Ordinal);
        int assembled = 0, unchanged = 0;
        var writes = new WriteCounts();
        if (!_writeBatches.TryTake(out var queue)) queue = new WriteBatch();
        try
        {
            foreach (var chunk in resolved.Partition(work.Partition, work.Partitions).Chunk(ChunkSize))
            {
                Array.Sort(chunk, (a, b) => string.CompareOrdinal(a.Key, b.Key)); // key order: the store's id index is written front to back
                var (persons, same) = await CompareChunkAsync(work.RoundId, chunk, resolved.Extracts, queue, ct).ConfigureAwait(false);
                assembled += chunk.Length;
                unchanged += same;
                foreach (var p in persons) coverage[Key(p.Coverage)] = coverage.GetValueOrDefault(Key(p.Coverage)) + 1;
                sink?.Invoke(persons);
                if (queue.Documents.Count >= WriteBatchPersons || queue.Bytes >= WriteBatchBytes) await WriteAsync(queue, writes, ct).ConfigureAwait(false);
            }
            await WriteAsync(queue, writes, ct).ConfigureAwait(false);
        }
        finally
        {
            queue.Clear();
            _writeBatches.Add(queue);
        }
        return new PartitionCounts(work.Partition, assembled, writes.Written, unchanged + writes.Unchanged, writes.Failed, coverage);
    }

    /// <summary>Persons a partition assembles and compares at a time (one bulk read of stored records).</summary>
    public const int ChunkSize = 2048;

    /// <summary>Queued persons that start a write (one store transaction; a commit of a few thousand random IDs rewrites
    /// much of the store's ID index, so writes are batched well above a chunk).</summary>
    public const int WriteBatchPersons = 24_576;

    /// <summary>Queued JSON bytes that start a write (bounds a partition's queue when records are large).</summary>
    public const long WriteBatchBytes = 64L << 20;

    /// <summary>Spill buckets per partition at the largest split: a partition reads one bucket at a time, a few thousand
    /// persons' rows at a million persons.</summary>
    private const int BucketsPerPartition = 8;

    private readonly ConcurrentBag<WriteBatch> _writeBatches = [];

    private sealed class WriteCounts { public int Written, Unchanged, Failed; }

    /// <summary>Assembles, hashes and compares one chunk; queues the changed persons, merged, in <paramref name="queue"/>.
    /// Returns every person of the chunk as it stands now (the stored record when unchanged) and the unchanged count.</summary>
    private async Task<(List<PersonRecord> Persons, int Unchanged)> CompareChunkAsync(
        string roundId, KeyValuePair<string, List<ResolvedRow>>[] chunk, ExtractPeriods? extracts, WriteBatch queue, CancellationToken ct)
    {
        var classifier = CoverageClassifier.Default;
        var date = options.Date.ToString("yyyy-MM-dd");
        var start = Stopwatch.GetTimestamp();
        var derived = new List<PersonRecord>(chunk.Length);
        foreach (var (id, rows) in chunk)
        {
            var person = PersonAssembler.Assemble(id, rows, options.Date, classifier, extracts);
            person.History = [new AuditEntry(date, roundId, "compared: " + Key(person.Coverage))];
            person.ContentHash = ContentHasher.Compute(person);
            derived.Add(person);
        }
        var unchanged = 0;
        var all = new List<PersonRecord>(derived.Count);
        var stored = await store.ReadManyAsync(derived.Select(p => p.Id).ToList(), ct).ConfigureAwait(false); // one bulk read per chunk
        foreach (var d in derived)
        {
            var person = d;
            var before = stored.GetValueOrDefault(person.Id);
            if (before is not null && string.Equals(before.Person.ContentHash, person.ContentHash, StringComparison.Ordinal))
            {
                unchanged++; // the drops say nothing new: the stored record (survey results, history, change events) stands
                person = before.Person;
            }
            else
            {
                // What the merge replaces, for a re-merge after a write conflict; a new person's document is what the
                // round derived, so nothing is kept for it (at a city's first round, a million fewer objects to promote).
                var kept = before is null ? null : new WriteBatch.Derived(person.Aliases, person.History, person.Survey, person.Phone);
                person = RecordMerger.Merge(person, before?.Person);
                queue.Add(person, before?.ETag, kept);
            }
            all.Add(person);
        }
        Interlocked.Add(ref _assembleTicks, Stopwatch.GetElapsedTime(start).Ticks);
        return (all, unchanged);
    }

    /// <summary>
    /// Writes the queued documents, then clears the queue. Written only where the stored record is still the one read (its
    /// ETag); a person someone wrote in between (an operator's survey result, another round) is re-read and merged again
    /// from what the round derived, then written again.
    /// </summary>
    private async Task WriteAsync(WriteBatch queue, WriteCounts counts, CancellationToken ct)
    {
        IReadOnlyList<PersonDocument> documents = queue.Documents;
        for (var attempt = 1; documents.Count > 0; attempt++)
        {
            BulkWriteResult result;
            await _writes.WaitAsync(ct).ConfigureAwait(false);
            var start = Stopwatch.GetTimestamp();
            try { result = await store.WriteDocumentsIfMatchAsync(documents, queue.ReadETags, ct).ConfigureAwait(false); }
            finally { _writes.Release(); }
            Interlocked.Add(ref _writeTicks, Stopwatch.GetElapsedTime(start).Ticks);
            counts.Written += result.Written;
            counts.Unchanged += result.Unchanged;
            var conflicts = result.Failures.Where(f => f.Reason == IPersonStore.ETagConflictReason).Select(f => f.PersonId).ToList();
            counts.Failed += result.Failed - (attempt < MaxWriteAttempts ? conflicts.Count : 0);
            if (conflicts.Count == 0 || attempt == MaxWriteAttempts) break;
            var reread = await store.ReadManyAsync(conflicts, ct).ConfigureAwait(false);
            var byId = documents.ToDictionary(d => d.Id, StringComparer.Ordinal);
            var again = new List<PersonDocument>(conflicts.Count);
            foreach (var id in conflicts)
            {
                var person = PersonJson.DeserializePerson(byId[id].Json.Span);
                if (!queue.BeforeMerge.TryGetValue(id, out var kept)) // absent when read: the document is what the round derived
                    queue.BeforeMerge[id] = kept = new WriteBatch.Derived(person.Aliases, person.History, person.Survey, person.Phone);
                (person.Aliases, person.History, person.Survey, person.Phone) = (kept.Aliases, kept.History, kept.Survey, kept.Phone);
                var now = reread.GetValueOrDefault(id);
                if (now is null) queue.ReadETags.Remove(id); else queue.ReadETags[id] = now.ETag;
                again.Add(queue.Serialize(RecordMerger.Merge(person, now?.Person)));
            }
            documents = again;
        }
        queue.Clear();
    }

    /// <summary>Write attempts per partition when persons keep changing under the round (ETag conflicts).</summary>
    private const int MaxWriteAttempts = 4;

    /// <summary>
    /// Runs a whole round in this process over the given rows, streaming: rows are resolved as they are read
    /// (<see cref="ResolutionBuilder"/>) and spilled to temporary files per partition (<see cref="RowSpill"/> under
    /// <see cref="RoundOptions.SpillDirectory"/>); then partitions are assembled, compared with the store, written and
    /// appended to the outputs (<see cref="RoundOutputs"/>) two at a time, so memory holds the linkage profiles and
    /// about two partitions, not the city. The partition count is <see cref="RoundOptions.Partitions"/> times the
    /// smallest of 1, 2, 4, 8 that keeps a partition at or under <see cref="RoundOptions.RowsPerPartition"/> rows.
    /// Writes the outputs when <paramref name="outDir"/> is set.
    /// </summary>
    /// <param name="rows">Person rows, in drop order.</param>
    /// <param name="rejectedByReaders">Rows the readers already rejected (for the account).</param>
    /// <param name="outDir">Output folder, or null for none.</param>
    /// <param name="fileErrors">Files that could not be read, for the detail.</param>
    /// <param name="ct">Cancellation.</param>
    /// <exception cref="InvalidOperationException">The store could not write some persons.</exception>
    public async Task<RoundSummary> RunAsync(IEnumerable<SourceRow> rows, long rejectedByReaders, string? outDir, IReadOnlyList<string>? fileErrors = null, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var gcAtStart = GcCounts.Now();
        const int maxSplit = 8;
        using var spill = new RowSpill(options.SpillDirectory ?? Path.GetTempPath(), options.Partitions * maxSplit * BucketsPerPartition);
        var builder = new ResolutionBuilder(options.Date, options.Match, spill.Write);
        foreach (var row in rows)
        {
            if ((builder.RowsIn & 0xFFF) == 0) ct.ThrowIfCancellationRequested();
            builder.Add(row);
        }
        var (resolutionProblems, resolutionCounts) = builder.Finish();
        spill.Complete();
        // The linkage profiles (hundreds of MB for a million persons) are garbage now; collect them once, compacting, so
        // the partitions reuse that memory instead of growing the heap (a batch phase boundary, not a hot path).
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        spill.Extracts = builder.Extracts;
        var resolveS = clock.Elapsed.TotalSeconds;
        var gcAfterResolve = GcCounts.Now();

        var split = 1;
        while (split < maxSplit && spill.Rows > (long)options.RowsPerPartition * options.Partitions * split) split *= 2;
        var partitions = options.Partitions * split;
        var reference = Register($"{options.RoundId}/{Guid.NewGuid():N}", spill);
        var counts = new PartitionCounts[partitions];
        var surveyTasks = 0;
        var conflictCount = 0;
        double outputTicks = 0;
        using var outputs = outDir is null ? null : new RoundOutputs(outDir);
        outputs?.AppendProblems(resolutionProblems);
        try
        {
            await Parallel.ForAsync(0, partitions, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount + 1, CancellationToken = ct },
                async (p, token) =>
                {
                    counts[p] = await RunPartitionAsync(new PartitionWork(options.RoundId, p, partitions, reference), chunk =>
                    {
                        var start = Stopwatch.GetTimestamp();
                        var conflicts = new List<Problem>();
                        foreach (var person in chunk) if (person.Conflicts.Count > 0) conflicts.AddRange(ConflictProblems(person)); // few persons have any
                        Interlocked.Add(ref surveyTasks, chunk.Count(PersonAssembler.OnSurveyList));
                        Interlocked.Add(ref conflictCount, conflicts.Count);
                        if (outputs is not null) { outputs.AppendProblems(conflicts); outputs.Append(chunk); }
                        lock (counts) outputTicks += Stopwatch.GetElapsedTime(start).Ticks;
                    }, token).ConfigureAwait(false);
                }).ConfigureAwait(false);
        }
        finally { Unregister(reference); }

        var failed = counts.Sum(c => c.Failed);
        if (failed > 0) throw new InvalidOperationException($"the store could not write {failed} persons; run the round again (only what is missing is written)");
        var outputsStart = clock.Elapsed.TotalSeconds;
        var files = outputs?.Complete() ?? new Dictionary<string, string>();
        var timings = new Dictionary<string, double>
        {
            ["read_and_resolve"] = Math.Round(resolveS, 2),
            ["assemble"] = Math.Round(TimeSpan.FromTicks(_assembleTicks).TotalSeconds, 2),
            ["write"] = Math.Round(TimeSpan.FromTicks(_writeTicks).TotalSeconds, 2),
            ["outputs"] = Math.Round(TimeSpan.FromTicks((long)outputTicks).TotalSeconds + clock.Elapsed.TotalSeconds - outputsStart, 2),
        };
        var gc = gcAtStart.Until(GcCounts.Now(), gcAfterResolve);
        var coverage = Enum.GetValues<CoverageStatus>().ToDictionary(Key, s => counts.Sum(c => c.Coverage.GetValueOrDefault(Key(s))));
        var problemKinds = resolutionProblems.GroupBy(p => p.Kind).ToDictionary(g => g.Key, g => g.Count());
        if (conflictCount > 0) problemKinds[ProblemKinds.Conflict] = problemKinds.GetValueOrDefault(ProblemKinds.Conflict) + conflictCount;
        return new RoundSummary(options.RoundId, counts.Sum(c => c.Persons), counts.Sum(c => c.Written), coverage,
            surveyTasks, rejectedByReaders + resolutionCounts.Unlinked, files, Math.Round(clock.Elapsed.TotalSeconds, 2))
        {
            Detail = new RoundDetail(resolutionCounts.RowsIn + rejectedByReaders, resolutionCounts, problemKinds, fileErrors ?? []) { Timings = timings, Gc = gc },
        };
    }

    /// <summary>Snake-case key of a status, e.g. <c>not_enrolled</c>.</summary>
    public static string Key(CoverageStatus s) => StatusKeys[(int)s];

    private static readonly string[] StatusKeys = Enum.GetValues<CoverageStatus>()
        .Select(s => JsonNamingPolicy.SnakeCaseLower.ConvertName(s.ToString())).ToArray();

    private static IEnumerable<Problem> ConflictProblems(PersonRecord p) =>
        p.Conflicts.Select(c => new Problem(ProblemKinds.Conflict, p.Id, "", string.Join(' ', c.Values.Select(v => v.Split('=')[0])), "", 0,
            $"{c.Field}: decided by {c.Rule}"));
}
