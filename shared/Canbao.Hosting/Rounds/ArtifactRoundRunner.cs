using System.Collections.Concurrent;
using System.Text;
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
/// 8 characters (<c>yyyyMMdd</c>), so a re-run after a crash resolves the same rows the same way. Artifacts written:
/// <c>rounds/&lt;id&gt;/part-&lt;p&gt;.ndjson</c> (a partition's persons), <c>rounds/&lt;id&gt;/out/…</c>
/// (<see cref="RoundOutputWriter"/>: enrolled, not enrolled, rosters per township, problems, statistics),
/// <c>rounds/&lt;id&gt;/summary.json</c> and <c>rounds/latest.json</c> (the shape of <c>canbao run --json</c>).
/// </summary>
/// <param name="artifacts">Where inputs and outputs are.</param>
/// <param name="store">The person store.</param>
public class ArtifactRoundRunner(IArtifactStore artifacts, IPersonStore store) : IRoundRunner
{
    /// <summary>Partitions per round.</summary>
    public const int Partitions = 8;

    /// <summary>Prefix of the round's input: imported drops laid out as <c>&lt;feed&gt;/&lt;file&gt;</c>.</summary>
    public const string ImportedPrefix = "imported/";

    /// <summary>Name of the latest round's summary.</summary>
    public const string LatestSummary = "rounds/latest.json";

    /// <summary>snake_case JSON, as <c>canbao run --json</c> writes.</summary>
    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    // One resolution per round per runner; the batch reference is unique to this runner so two stores in one process
    // (tests, the demo) never share a resolution.
    private readonly ConcurrentDictionary<string, Lazy<Task<Resolved>>> _resolved = new(StringComparer.Ordinal);
    private readonly string _scope = Guid.NewGuid().ToString("N")[..8];

    private sealed record Resolved(string Reference, Resolution Resolution, DropAccount Account);

    /// <summary>Folder of a round's artifacts: <c>rounds/&lt;id&gt;/</c>.</summary>
    /// <exception cref="ArgumentException">The round id is not a plain name.</exception>
    public static string RoundPrefix(string roundId) =>
        roundId.Length >= 8 && !roundId.Contains('/') && !roundId.Contains('\\') && !roundId.Contains("..", StringComparison.Ordinal)
            ? $"rounds/{roundId}/" : throw new ArgumentException($"round id '{roundId}' must start with yyyyMMdd and be a plain name", nameof(roundId));

    private static DateOnly DateOf(string roundId) => DateOnly.ParseExact(roundId[..8], "yyyyMMdd");

    private async Task<Resolved> ResolveAsync(string roundId, CancellationToken ct)
    {
        var lazy = _resolved.GetOrAdd(roundId, id => new Lazy<Task<Resolved>>(() => Task.Run(async () =>
        {
            var account = new DropAccount();
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
                var rows = DropSource.Read(local, DateOf(id), account).ToList();
                var resolution = Resolver.Resolve(rows, DateOf(id), new MatchParameters());
                var reference = ComparisonRound.Register($"{_scope}:{id}", resolution);
                return new Resolved(reference, resolution, account);
            }
            finally
            {
                if (temp is not null) Directory.Delete(temp, recursive: true);
            }
        }, ct)));
        try
        {
            return await lazy.Value;
        }
        catch
        {
            _resolved.TryRemove(KeyValuePair.Create(roundId, lazy)); // a failed resolution is tried again on the activity's retry
            throw;
        }
    }

    private void Forget(string roundId)
    {
        if (_resolved.TryRemove(roundId, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
            ComparisonRound.Unregister(lazy.Value.Result.Reference);
    }

    /// <inheritdoc />
    public virtual async Task<RoundPlan> PlanAsync(string roundId, CancellationToken ct = default)
    {
        RoundPrefix(roundId);
        await ResolveAsync(roundId, ct);
        return new RoundPlan(roundId, Enumerable.Range(0, Partitions).Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList());
    }

    /// <inheritdoc />
    public virtual async Task<PartitionResult> RunPartitionAsync(PartitionRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var resolved = await ResolveAsync(request.RoundId, ct);
        var partition = int.Parse(request.Partition, System.Globalization.CultureInfo.InvariantCulture);
        var sink = new ConcurrentBag<PersonRecord>();
        var round = new ComparisonRound(store, new RoundOptions(request.RoundId, DateOf(request.RoundId), Partitions));
        var counts = await round.RunPartitionAsync(new PartitionWork(request.RoundId, partition, Partitions, resolved.Reference), sink, ct);
        if (counts.Failed > 0) throw new InvalidOperationException($"partition {partition}: the store could not write {counts.Failed} persons");
        using var buffer = new MemoryStream();
        foreach (var p in sink.OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            buffer.Write(PersonJson.Serialize(p));
            buffer.WriteByte((byte)'\n');
        }
        var name = $"{RoundPrefix(request.RoundId)}part-{partition}.ndjson";
        await artifacts.WriteAsync(name, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ct);
        return new PartitionResult(request.Partition, counts.Persons, counts.Written, sink.Count(PersonAssembler.OnSurveyList), name);
    }

    /// <inheritdoc />
    public virtual async Task<WorkflowRoundSummary> CompleteAsync(RoundCompletion completion, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(completion);
        var resolved = await ResolveAsync(completion.RoundId, ct);
        var (resolution, account) = (resolved.Resolution, resolved.Account);
        var persons = new List<PersonRecord>();
        foreach (var part in completion.Partitions)
        {
            var bytes = await artifacts.ReadAsync(part.ResultRef, ct)
                        ?? throw new InvalidDataException($"partition {part.Partition}: its result {part.ResultRef} is missing");
            foreach (var line in Encoding.UTF8.GetString(bytes).Split('\n'))
                if (line.Length > 0) persons.Add(PersonJson.DeserializePerson(Encoding.UTF8.GetBytes(line)));
        }
        persons.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));

        var prefix = RoundPrefix(completion.RoundId);
        var outPrefix = prefix + "out/";
        var local = artifacts.LocalFolder(outPrefix);
        var outDir = local ?? Directory.CreateTempSubdirectory("canbao-out-").FullName;
        Dictionary<string, string> outputs;
        try
        {
            var written = RoundOutputWriter.Write(outDir, persons, resolution.Problems);
            if (local is null) await ArtifactFiles.PublishAsync(artifacts, outDir, outPrefix, ct);
            outputs = written.ToDictionary(kv => kv.Key, kv => outPrefix + Path.GetRelativePath(outDir, kv.Value).Replace('\\', '/'));
        }
        finally
        {
            if (local is null) Directory.Delete(outDir, recursive: true);
        }

        var coverage = Enum.GetValues<CoverageStatus>().ToDictionary(ComparisonRound.Key, s => persons.Count(p => p.Coverage == s));
        var surveyTasks = persons.Count(PersonAssembler.OnSurveyList);
        var summary = new Canbao.Comparison.RoundSummary(completion.RoundId, persons.Count, completion.Partitions.Sum(p => p.Changed), coverage,
            surveyTasks, account.Rejected + resolution.Counts.Unlinked, outputs, 0)
        {
            Detail = new RoundDetail(resolution.Counts.RowsIn + account.Rejected, resolution.Counts,
                resolution.Problems.GroupBy(p => p.Kind).ToDictionary(g => g.Key, g => g.Count()), account.FileErrors),
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(summary, Json);
        await artifacts.WriteAsync(prefix + "summary.json", json, ct);
        await artifacts.WriteAsync(LatestSummary, json, ct);
        Forget(completion.RoundId); // the round is done: its resolution is no longer needed in memory
        return new WorkflowRoundSummary(completion.RoundId, persons.Count, summary.ChangedPersons, coverage, surveyTasks, prefix + "summary.json");
    }
}
