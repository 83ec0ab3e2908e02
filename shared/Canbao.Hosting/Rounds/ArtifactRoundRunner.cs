using System.Text.Json;
using Canbao.Comparison;
using Canbao.Domain.Matching;
using Canbao.Domain.Persons;
using Canbao.Hosting.Ports;
using Canbao.Store;
using Canbao.Workflows.Contracts;
using Canbao.Workflows.Ports;
using WorkflowRoundSummary = Canbao.Workflows.Contracts.RoundSummary;

namespace Canbao.Hosting.Rounds;

/// <summary>
/// <see cref="IRoundRunner"/> over Canbao.Comparison, for both hosts. The round's input is every file under
/// <see cref="ImportedPrefix"/> (<c>imported/&lt;feed&gt;/&lt;file&gt;</c>: the last imported version of each drop), read in
/// place when the store is a local folder, else copied to temporary disk first. The round's date is the round id's first
/// 8 characters (<c>yyyyMMdd</c>), so a re-run after a crash resolves the same rows the same way.
/// <para><see cref="PlanAsync"/> resolves the round once, streaming (<see cref="DropSource.Read"/> →
/// <see cref="ResolutionBuilder"/>, the pieces <c>ComparisonRound.RunAsync</c> streams with): rows go to one file per
/// partition as they are resolved (<see cref="PartitionRows"/>), published as <c>rounds/&lt;id&gt;/rows/part-&lt;p&gt;.bin</c>,
/// with the resolution's counts, account and snapshot extracts in <c>rounds/&lt;id&gt;/resolution.json</c>, its problems
/// in <c>rounds/&lt;id&gt;/resolution-problems.json</c> and the readers' rejected rows per district in
/// <see cref="RejectedByDistrict"/>. The partition count is <see cref="Partitions"/> times the smallest of 1, 2, 4, 8 that
/// keeps a partition at or under <c>rowsPerPartition</c> rows (as <c>ComparisonRound.RunAsync</c> splits). So a
/// partition activity, on any machine, reads only its own partition's rows (<see cref="RunPartitionAsync"/>), and memory
/// holds the linkage profiles during planning and one partition per activity, not the city.</para>
/// Artifacts written besides: <c>rounds/&lt;id&gt;/part-&lt;p&gt;.ndjson</c> (a partition's persons),
/// <c>rounds/&lt;id&gt;/out/…</c> (<see cref="RoundOutputs"/>, appended one partition at a time in partition order:
/// enrolled, not enrolled, rosters per township, problems, statistics), <c>rounds/&lt;id&gt;/summary.json</c> and <c>rounds/latest.json</c> (the shape of
/// <c>canbao run --json</c>).
/// </summary>
/// <param name="artifacts">Where inputs and outputs are.</param>
/// <param name="store">The person store.</param>
/// <param name="rowsPerPartition">Resolved rows a partition should hold at most before the round uses more partitions
/// (default: <see cref="RoundOptions.RowsPerPartition"/>).</param>
public class ArtifactRoundRunner(IArtifactStore artifacts, IPersonStore store, int rowsPerPartition = 150_000) : IRoundRunner
{
    /// <summary>Partitions per round (multiplied by 2, 4 or 8 for rounds with more rows than that many partitions hold).</summary>
    public const int Partitions = 8;

    private const int MaxSplit = 8;

    /// <summary>Prefix of the round's input: imported drops laid out as <c>&lt;feed&gt;/&lt;file&gt;</c>.</summary>
    public const string ImportedPrefix = "imported/";

    /// <summary>Name of the latest round's summary.</summary>
    public const string LatestSummary = "rounds/latest.json";

    /// <summary>snake_case JSON, as <c>canbao run --json</c> writes.</summary>
    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    /// <summary>What <see cref="PlanAsync"/> leaves for the partitions and the completion (<c>rounds/&lt;id&gt;/resolution.json</c>).</summary>
    /// <param name="Partitions">Partition count of the round.</param>
    /// <param name="Counts">The resolution's counts.</param>
    /// <param name="RowsRead">Data rows read from person feeds.</param>
    /// <param name="Rejected">Rows the readers rejected (for reasons other than the resident ID).</param>
    /// <param name="FileErrors">Files that could not be read (or only in part), with the reason.</param>
    /// <param name="SnapshotDrops">Drops of snapshot feeds that gave rows, as <c>feed|drop</c> in reading order (rebuilds <see cref="ExtractPeriods"/>).</param>
    public sealed record RoundResolution(int Partitions, ResolutionCounts Counts, long RowsRead, long Rejected, IReadOnlyList<string> FileErrors,
        IReadOnlyList<string> SnapshotDrops);

    /// <summary>Folder of a round's artifacts: <c>rounds/&lt;id&gt;/</c>.</summary>
    /// <exception cref="ArgumentException">The round id is not a plain name.</exception>
    public static string RoundPrefix(string roundId) =>
        roundId.Length >= 8 && !roundId.Contains('/') && !roundId.Contains('\\') && !roundId.Contains("..", StringComparison.Ordinal)
            ? $"rounds/{roundId}/" : throw new ArgumentException($"round id '{roundId}' must start with yyyyMMdd and be a plain name", nameof(roundId));

    /// <summary>
    /// The readers' rejected rows of a round per district: <c>rounds/&lt;id&gt;/rejected-by-district.json</c>, an object
    /// district code → rows. A drop's district is in its name (<c>&lt;yyyy-MM&gt;-&lt;district&gt;.&lt;ext&gt;</c>); rows of drops
    /// whose name carries none are under the key <c>""</c>.
    /// </summary>
    public static string RejectedByDistrict(string roundId) => RoundPrefix(roundId) + "rejected-by-district.json";

    /// <summary>Name of a partition's resolved rows: <c>rounds/&lt;id&gt;/rows/part-&lt;p&gt;.bin</c>.</summary>
    public static string PartitionRowsName(string roundId, int partition) => $"{RoundPrefix(roundId)}rows/part-{partition}.bin";

    private static string ResolutionName(string roundId) => RoundPrefix(roundId) + "resolution.json";

    private static string ProblemsName(string roundId) => RoundPrefix(roundId) + "resolution-problems.json";

    /// <summary>The 6-digit district code in a drop's name (<c>feed/2017-03-630102.csv</c> → <c>630102</c>), else empty.</summary>
    public static string DistrictOfDrop(string drop)
    {
        var file = Path.GetFileNameWithoutExtension(drop ?? "");
        return file.Length >= 14 && file[7] == '-' && file[8..14].All(char.IsAsciiDigit) ? file[8..14] : "";
    }

    private static DateOnly DateOf(string roundId) => DateOnly.ParseExact(roundId[..8], "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

    /// <inheritdoc />
    /// <remarks>Resolves the round (see the class remarks) and publishes the partitions' rows; a retry does it again and
    /// replaces every artifact with the same content.</remarks>
    public virtual async Task<RoundPlan> PlanAsync(string roundId, CancellationToken ct = default)
    {
        var prefix = RoundPrefix(roundId);
        var date = DateOf(roundId);
        var local = artifacts.LocalFolder(ImportedPrefix);
        string? temp = null;
        if (local is null)
        {
            temp = Directory.CreateTempSubdirectory("canbao-round-").FullName;
            await ArtifactFiles.MaterialiseAsync(artifacts, ImportedPrefix, temp, ct);
            local = temp;
        }
        try
        {
            Directory.CreateDirectory(local);
            using var rows = new PartitionRows.Writer(Partitions * MaxSplit);
            var account = new DropAccount();
            var builder = new ResolutionBuilder(date, new MatchParameters(), rows.Write);
            var files = DropSource.Files(local);
            var rejected = new SortedDictionary<string, long>(StringComparer.Ordinal);
            var snapshots = new List<string>();
            string? current = null;
            long attributed = 0;
            // The account is updated after a file's last row and before the next file's first, so the rejects counted
            // when a new drop starts belong to the drops read since the last one (files with no row at all among them).
            void Attribute(string? from, string? to)
            {
                var delta = account.Rejected - attributed;
                attributed = account.Rejected;
                if (delta == 0) return;
                var first = from is null ? 0 : Math.Max(0, IndexOf(files, from));
                var last = to is null ? files.Count - 1 : IndexOf(files, to) - 1;
                var districts = files.Skip(first).Take(Math.Max(1, last - first + 1)).Select(DistrictOfDrop).Distinct().ToList();
                var key = districts.Count == 1 ? districts[0] : "";
                rejected[key] = rejected.GetValueOrDefault(key) + delta;
            }
            foreach (var row in DropSource.Read(local, date, account))
            {
                if (!ReferenceEquals(row.Drop, current) && !string.Equals(row.Drop, current, StringComparison.Ordinal))
                {
                    Attribute(current, row.Drop);
                    current = row.Drop;
                    if (ExtractPeriods.SnapshotFeeds.Contains(row.Feed)) snapshots.Add(row.Feed + "|" + row.Drop);
                }
                if ((builder.RowsIn & 0xFFF) == 0) ct.ThrowIfCancellationRequested();
                builder.Add(row);
            }
            Attribute(current, null);
            var (problems, counts) = builder.Finish();
            rows.Complete();

            var split = 1;
            while (split < MaxSplit && rows.Rows > (long)rowsPerPartition * Partitions * split) split *= 2;
            var partitions = Partitions * split;
            for (var p = 0; p < partitions; p++)
            {
                using var part = new MemoryStream();
                for (var b = p; b < Partitions * MaxSplit; b += partitions)
                    await using (var f = File.OpenRead(rows.FileOf(b))) await f.CopyToAsync(part, ct);
                await artifacts.WriteAsync(PartitionRowsName(roundId, p), part.GetBuffer().AsMemory(0, (int)part.Length), ct);
            }
            await artifacts.WriteAsync(ProblemsName(roundId), JsonSerializer.SerializeToUtf8Bytes(problems, Json), ct);
            await artifacts.WriteAsync(RejectedByDistrict(roundId), JsonSerializer.SerializeToUtf8Bytes(rejected, Json), ct);
            var resolution = new RoundResolution(partitions, counts, account.Rows, account.Rejected, account.FileErrors, snapshots);
            await artifacts.WriteAsync(ResolutionName(roundId), JsonSerializer.SerializeToUtf8Bytes(resolution, Json), ct); // last: the plan is complete
            return new RoundPlan(roundId, Enumerable.Range(0, partitions).Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList());
        }
        finally
        {
            if (temp is not null) Directory.Delete(temp, recursive: true);
        }
    }

    private static int IndexOf(IReadOnlyList<string> files, string drop)
    {
        for (var i = 0; i < files.Count; i++) if (string.Equals(files[i], drop, StringComparison.Ordinal)) return i;
        return -1;
    }

    private async Task<(RoundResolution Resolution, IReadOnlyList<Problem> Problems)> ReadResolutionAsync(string roundId, bool problems, CancellationToken ct)
    {
        var name = ResolutionName(roundId);
        var bytes = await artifacts.ReadAsync(name, ct) ?? throw new InvalidDataException($"{name} is missing: the round was not planned");
        var resolution = JsonSerializer.Deserialize<RoundResolution>(bytes, Json) ?? throw new InvalidDataException($"{name} is empty");
        if (!problems) return (resolution, []);
        var problemsName = ProblemsName(roundId);
        var list = JsonSerializer.Deserialize<List<Problem>>(await artifacts.ReadAsync(problemsName, ct) ?? throw new InvalidDataException($"{problemsName} is missing"), Json) ?? [];
        return (resolution, list);
    }

    /// <inheritdoc />
    /// <remarks>Reads only <c>rounds/&lt;id&gt;/resolution.json</c> and its own <see cref="PartitionRowsName"/>.</remarks>
    /// <exception cref="InvalidDataException">The round was not planned, or the partition's rows are missing.</exception>
    public virtual async Task<PartitionResult> RunPartitionAsync(PartitionRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (resolution, _) = await ReadResolutionAsync(request.RoundId, problems: false, ct);
        var partition = int.Parse(request.Partition, System.Globalization.CultureInfo.InvariantCulture);
        var rowsName = PartitionRowsName(request.RoundId, partition);
        var content = await artifacts.ReadAsync(rowsName, ct) ?? throw new InvalidDataException($"partition {partition}: its rows {rowsName} are missing");
        var extracts = new ExtractPeriods();
        foreach (var s in resolution.SnapshotDrops)
        {
            var bar = s.IndexOf('|', StringComparison.Ordinal);
            extracts.Observe(s[..bar], s[(bar + 1)..]);
        }
        var reference = ComparisonRound.Register($"{request.RoundId}/{partition}/{Guid.NewGuid():N}", PartitionRows.Read(content, partition, extracts));
        PartitionCounts counts;
        using var buffer = new MemoryStream();
        var surveyTasks = 0;
        try
        {
            var round = new ComparisonRound(store, new RoundOptions(request.RoundId, DateOf(request.RoundId), resolution.Partitions));
            // The partition's result: one JSON line per person (sorted by ID within each chunk; the outputs sort each partition).
            counts = await round.RunPartitionAsync(new PartitionWork(request.RoundId, partition, resolution.Partitions, reference), chunk =>
            {
                foreach (var p in chunk)
                {
                    buffer.Write(PersonJson.Serialize(p));
                    buffer.WriteByte((byte)'\n');
                    if (PersonAssembler.OnSurveyList(p)) surveyTasks++;
                }
            }, ct);
        }
        finally { ComparisonRound.Unregister(reference); }
        if (counts.Failed > 0) throw new InvalidOperationException($"partition {partition}: the store could not write {counts.Failed} persons");
        var name = $"{RoundPrefix(request.RoundId)}part-{partition}.ndjson";
        await artifacts.WriteAsync(name, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ct);
        return new PartitionResult(request.Partition, counts.Persons, counts.Written, surveyTasks, name);
    }

    /// <inheritdoc />
    public virtual async Task<WorkflowRoundSummary> CompleteAsync(RoundCompletion completion, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(completion);
        var (resolution, problems) = await ReadResolutionAsync(completion.RoundId, problems: true, ct);
        var prefix = RoundPrefix(completion.RoundId);
        var outPrefix = prefix + "out/";
        var local = artifacts.LocalFolder(outPrefix);
        var outDir = local ?? Directory.CreateTempSubdirectory("canbao-out-").FullName;
        Dictionary<string, string> outputs;
        var statuses = new int[Enum.GetValues<CoverageStatus>().Length];
        int personCount = 0, surveyTasks = 0;
        try
        {
            // One partition's persons in memory at a time, appended in partition order (each partition sorted by ID).
            Dictionary<string, string> written;
            using (var round = new RoundOutputs(outDir))
            {
                round.AppendProblems(problems);
                foreach (var part in completion.Partitions.OrderBy(p => int.Parse(p.Partition, System.Globalization.CultureInfo.InvariantCulture)))
                {
                    var bytes = await artifacts.ReadAsync(part.ResultRef, ct)
                                ?? throw new InvalidDataException($"partition {part.Partition}: its result {part.ResultRef} is missing");
                    var persons = new List<PersonRecord>();
                    for (var start = 0; start < bytes.Length;)
                    {
                        var end = Array.IndexOf(bytes, (byte)'\n', start);
                        if (end < 0) end = bytes.Length;
                        if (end > start) persons.Add(PersonJson.DeserializePerson(bytes.AsSpan(start, end - start)));
                        start = end + 1;
                    }
                    foreach (var p in persons) statuses[(int)p.Coverage]++;
                    personCount += persons.Count;
                    surveyTasks += persons.Count(PersonAssembler.OnSurveyList);
                    round.Append(persons);
                }
                written = round.Complete();
            }
            if (local is null) await ArtifactFiles.PublishAsync(artifacts, outDir, outPrefix, ct);
            outputs = written.ToDictionary(kv => kv.Key, kv => outPrefix + Path.GetRelativePath(outDir, kv.Value).Replace('\\', '/'));
        }
        finally
        {
            if (local is null) Directory.Delete(outDir, recursive: true);
        }

        var coverage = Enum.GetValues<CoverageStatus>().ToDictionary(ComparisonRound.Key, s => statuses[(int)s]);
        var summary = new Canbao.Comparison.RoundSummary(completion.RoundId, personCount, completion.Partitions.Sum(p => p.Changed), coverage,
            surveyTasks, resolution.Rejected + resolution.Counts.Unlinked, outputs, 0)
        {
            Detail = new RoundDetail(resolution.Counts.RowsIn + resolution.Rejected, resolution.Counts,
                problems.GroupBy(p => p.Kind).ToDictionary(g => g.Key, g => g.Count()), resolution.FileErrors),
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(summary, Json);
        await artifacts.WriteAsync(prefix + "summary.json", json, ct);
        await artifacts.WriteAsync(LatestSummary, json, ct);
        return new WorkflowRoundSummary(completion.RoundId, personCount, summary.ChangedPersons, coverage, surveyTasks, prefix + "summary.json");
    }
}
