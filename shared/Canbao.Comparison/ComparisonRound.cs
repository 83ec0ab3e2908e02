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
    /// <summary>Seconds per stage: read_and_resolve, assemble (summed over partitions), write (summed), outputs; and the
    /// garbage collector's pauses during the round (gc_pause, seconds in which every thread stood) and its count of full
    /// collections (gc_gen2).</summary>
    public IReadOnlyDictionary<string, double> Timings { get; init; } = new Dictionary<string, double>();
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
    /// Runs one partition: assembles and classifies its persons, reads their stored records in one bulk read
    /// (<see cref="IPersonStore.ReadManyAsync"/>), and writes those whose
    /// derived content hash differs from the stored one, merged with the stored record (<see cref="RecordMerger"/>:
    /// survey state and results, aliases and history are kept). Unchanged persons are not written; the sink receives
    /// their stored record. The write is conditional on the ETags read (<see cref="IPersonStore.WriteChangedIfMatchAsync"/>):
    /// a person written by someone else in between is re-read, merged again and written again (at most 4 attempts;
    /// then counted in <see cref="PartitionCounts.Failed"/>).
    /// </summary>
    /// <param name="work">The partition and the batch reference.</param>
    /// <param name="sink">Receives every assembled person (for the round's outputs); null to skip.</param>
    /// <param name="ct">Cancellation.</param>
    /// <exception cref="KeyNotFoundException">No batch is registered under the reference.</exception>
    public async Task<PartitionCounts> RunPartitionAsync(PartitionWork work, ConcurrentBag<PersonRecord>? sink = null, CancellationToken ct = default)
    {
        if (!Batches.TryGetValue(work.BatchReference, out var batch)) throw new KeyNotFoundException($"no resolved batch '{work.BatchReference}'");
        var classifier = CoverageClassifier.Default;
        var date = options.Date.ToString("yyyy-MM-dd");
        var coverage = new Dictionary<string, int>(StringComparer.Ordinal);
        var watch = Stopwatch.StartNew();
        var derived = new List<PersonRecord>();
        foreach (var (id, rows) in batch.Partition(work.Partition, work.Partitions))
        {
            var person = PersonAssembler.Assemble(id, rows, options.Date, classifier, batch.Extracts);
            person.History = [new AuditEntry(date, work.RoundId, "compared: " + Key(person.Coverage))];
            person.ContentHash = ContentHasher.Compute(person);
            derived.Add(person);
        }
        var assembled = derived.Count;
        var unchanged = 0;
        var persons = new List<PersonRecord>();
        var storedPersons = await store.ReadManyAsync(derived.Select(p => p.Id).ToList(), ct).ConfigureAwait(false); // one bulk read per partition
        var readETags = storedPersons.ToDictionary(x => x.Key, x => x.Value.ETag, StringComparer.Ordinal);
        var beforeMerge = new Dictionary<string, Derived>(StringComparer.Ordinal);
        foreach (var d in derived)
        {
            var person = d;
            var stored = storedPersons.GetValueOrDefault(person.Id)?.Person;
            if (stored is not null && string.Equals(stored.ContentHash, person.ContentHash, StringComparison.Ordinal))
            {
                unchanged++; // the drops say nothing new: the stored record (survey results, history, change events) stands
                person = stored;
            }
            else
            {
                beforeMerge[person.Id] = new Derived(person.Aliases, person.History, person.Survey, person.Phone);
                person = RecordMerger.Merge(person, stored);
                persons.Add(person);
            }
            coverage[Key(person.Coverage)] = coverage.GetValueOrDefault(Key(person.Coverage)) + 1;
            sink?.Add(person);
        }
        storedPersons = null; // the partition's stored records are garbage from here
        Interlocked.Add(ref _assembleTicks, watch.Elapsed.Ticks);

        // Written only where the stored record is still the one read (its ETag); a person someone wrote in between (an
        // operator's survey result, another round) is re-read and re-merged from what the round derived, then written again.
        int written = 0, failed = 0;
        for (var attempt = 1; persons.Count > 0; attempt++)
        {
            persons.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id)); // key order: the store's id index is written front to back
            BulkWriteResult result;
            await _writes.WaitAsync(ct).ConfigureAwait(false);
            watch.Restart();
            try { result = await store.WriteChangedIfMatchAsync(persons, readETags, ct).ConfigureAwait(false); }
            finally { _writes.Release(); }
            Interlocked.Add(ref _writeTicks, watch.Elapsed.Ticks);
            written += result.Written;
            unchanged += result.Unchanged;
            var conflicts = result.Failures.Where(f => f.Reason == IPersonStore.ETagConflictReason).Select(f => f.PersonId).ToList();
            failed += result.Failed - (attempt < MaxWriteAttempts ? conflicts.Count : 0);
            if (conflicts.Count == 0 || attempt == MaxWriteAttempts) break;
            var reread = await store.ReadManyAsync(conflicts, ct).ConfigureAwait(false);
            var byId = persons.ToDictionary(p => p.Id, StringComparer.Ordinal);
            persons = [];
            foreach (var id in conflicts)
            {
                var person = byId[id];
                var kept = beforeMerge[id];
                (person.Aliases, person.History, person.Survey, person.Phone) = (kept.Aliases, kept.History, kept.Survey, kept.Phone);
                var now = reread.GetValueOrDefault(id);
                if (now is null) readETags.Remove(id); else readETags[id] = now.ETag;
                RecordMerger.Merge(person, now?.Person); // in place: the sink holds this object too
                persons.Add(person);
            }
        }
        return new PartitionCounts(work.Partition, assembled, written, unchanged, failed, coverage);
    }

    /// <summary>Write attempts per partition when persons keep changing under the round (ETag conflicts).</summary>
    private const int MaxWriteAttempts = 4;

    /// <summary>What <see cref="RecordMerger.Merge"/> replaces in a derived record, kept to merge it again after a conflict.</summary>
    private sealed record Derived(List<string> Aliases, List<AuditEntry> History, SurveyState? Survey, string Phone);

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
        var (gcPauseStart, gen2Start) = (GC.GetTotalPauseDuration(), GC.CollectionCount(2));
        const int maxSplit = 8;
        using var spill = new RowSpill(options.SpillDirectory ?? Path.GetTempPath(), options.Partitions * maxSplit);
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
            await Parallel.ForAsync(0, partitions, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct },
                async (p, token) =>
                {
                    var sink = new ConcurrentBag<PersonRecord>();
                    counts[p] = await RunPartitionAsync(new PartitionWork(options.RoundId, p, partitions, reference), sink, token).ConfigureAwait(false);
                    var start = Stopwatch.GetTimestamp();
                    var conflicts = sink.SelectMany(ConflictProblems).OrderBy(x => x.PersonId, StringComparer.Ordinal).ToList();
                    Interlocked.Add(ref surveyTasks, sink.Count(PersonAssembler.OnSurveyList));
                    Interlocked.Add(ref conflictCount, conflicts.Count);
                    if (outputs is not null) { outputs.AppendProblems(conflicts); outputs.Append(sink); }
                    lock (counts) outputTicks += Stopwatch.GetElapsedTime(start).Ticks;
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
            ["gc_pause"] = Math.Round((GC.GetTotalPauseDuration() - gcPauseStart).TotalSeconds, 2),
            ["gc_gen2"] = GC.CollectionCount(2) - gen2Start,
        };
        var coverage = Enum.GetValues<CoverageStatus>().ToDictionary(Key, s => counts.Sum(c => c.Coverage.GetValueOrDefault(Key(s))));
        var problemKinds = resolutionProblems.GroupBy(p => p.Kind).ToDictionary(g => g.Key, g => g.Count());
        if (conflictCount > 0) problemKinds[ProblemKinds.Conflict] = problemKinds.GetValueOrDefault(ProblemKinds.Conflict) + conflictCount;
        return new RoundSummary(options.RoundId, counts.Sum(c => c.Persons), counts.Sum(c => c.Written), coverage,
            surveyTasks, rejectedByReaders + resolutionCounts.Unlinked, files, Math.Round(clock.Elapsed.TotalSeconds, 2))
        {
            Detail = new RoundDetail(resolutionCounts.RowsIn + rejectedByReaders, resolutionCounts, problemKinds, fileErrors ?? []) { Timings = timings },
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
