using System.Collections.Concurrent;
using System.Text.Json;
using Canbao.Comparison;
using Canbao.Domain.Matching;
using Canbao.Domain.Persons;
using Canbao.Store;
using Canbao.Workflows.Contracts;
using Canbao.Workflows.Ports;
using WorkflowRoundSummary = Canbao.Workflows.Contracts.RoundSummary;

namespace Canbao.Cli.Hosting.Adapters;

/// <summary>
/// <see cref="IRoundRunner"/> over Canbao.Comparison on one machine. The round's input is DIR/imported (the last
/// imported version of every drop); its date is the round id's first 8 characters (yyyyMMdd), so a re-run after a crash
/// resolves the same rows the same way. Partition persons go to rounds/&lt;id&gt;/part-&lt;p&gt;.ndjson; outputs to
/// rounds/&lt;id&gt;/out; the summary (shape of <c>canbao run --json</c>) to rounds/&lt;id&gt;/summary.json and rounds/latest.json.
/// </summary>
/// <param name="layout">The data folder.</param>
/// <param name="store">The person store.</param>
public sealed class LocalRoundRunner(LocalLayout layout, IPersonStore store) : IRoundRunner
{
    /// <summary>Partitions per round.</summary>
    public const int Partitions = 8;

    /// <summary>snake_case JSON, as <c>canbao run --json</c> writes.</summary>
    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    private static readonly ConcurrentDictionary<string, Lazy<(Resolution Resolution, DropAccount Account)>> Resolved = new();

    private static DateOnly DateOf(string roundId) => DateOnly.ParseExact(roundId[..8], "yyyyMMdd");

    private (Resolution Resolution, DropAccount Account) Resolve(string roundId) => Resolved.GetOrAdd(roundId, id => new Lazy<(Resolution, DropAccount)>(() =>
    {
        var account = new DropAccount();
        var rows = DropSource.Read(layout.Imported, DateOf(id), account).ToList();
        var resolution = Resolver.Resolve(rows, DateOf(id), new MatchParameters());
        ComparisonRound.Register(id, resolution);
        return (resolution, account);
    })).Value;

    private string RoundDir(string roundId) => LocalLayout.Under(layout.Rounds, roundId);

    public Task<RoundPlan> PlanAsync(string roundId, CancellationToken ct = default)
    {
        Resolve(roundId);
        Directory.CreateDirectory(RoundDir(roundId));
        return Task.FromResult(new RoundPlan(roundId, Enumerable.Range(0, Partitions).Select(p => p.ToString()).ToList()));
    }

    public async Task<PartitionResult> RunPartitionAsync(PartitionRequest request, CancellationToken ct = default)
    {
        Resolve(request.RoundId);
        var partition = int.Parse(request.Partition);
        var sink = new ConcurrentBag<PersonRecord>();
        var round = new ComparisonRound(store, new RoundOptions(request.RoundId, DateOf(request.RoundId), Partitions));
        var counts = await round.RunPartitionAsync(new PartitionWork(request.RoundId, partition, Partitions, request.RoundId), sink, ct);
        if (counts.Failed > 0) throw new InvalidOperationException($"partition {partition}: the store could not write {counts.Failed} persons");
        var dir = RoundDir(request.RoundId);
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, $"part-{partition}.ndjson");
        var temp = file + ".tmp";
        await using (var w = File.Create(temp))
            foreach (var p in sink.OrderBy(p => p.Id, StringComparer.Ordinal))
            {
                await w.WriteAsync(PersonJson.Serialize(p), ct);
                w.WriteByte((byte)'\n');
            }
        File.Move(temp, file, overwrite: true);
        return new PartitionResult(request.Partition, counts.Persons, counts.Written, sink.Count(PersonAssembler.OnSurveyList),
            Path.GetRelativePath(layout.Root, file));
    }

    public async Task<WorkflowRoundSummary> CompleteAsync(RoundCompletion completion, CancellationToken ct = default)
    {
        var (resolution, account) = Resolve(completion.RoundId);
        var persons = new List<PersonRecord>();
        foreach (var part in completion.Partitions)
            foreach (var line in await File.ReadAllLinesAsync(Path.Combine(layout.Root, part.ResultRef), ct))
                if (line.Length > 0) persons.Add(PersonJson.DeserializePerson(System.Text.Encoding.UTF8.GetBytes(line)));
        persons.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        var dir = RoundDir(completion.RoundId);
        var outputs = RoundOutputWriter.Write(Path.Combine(dir, "out"), persons, resolution.Problems);
        var coverage = Enum.GetValues<CoverageStatus>().ToDictionary(ComparisonRound.Key, s => persons.Count(p => p.Coverage == s));
        var surveyTasks = persons.Count(PersonAssembler.OnSurveyList);
        var summary = new Canbao.Comparison.RoundSummary(completion.RoundId, persons.Count, completion.Partitions.Sum(p => p.Changed), coverage,
            surveyTasks, account.Rejected + resolution.Counts.Unlinked, outputs, 0)
        {
            Detail = new RoundDetail(resolution.Counts.RowsIn + account.Rejected, resolution.Counts,
                resolution.Problems.GroupBy(p => p.Kind).ToDictionary(g => g.Key, g => g.Count()), account.FileErrors),
        };
        var json = JsonSerializer.Serialize(summary, Json);
        await File.WriteAllTextAsync(Path.Combine(dir, "summary.json"), json, ct);
        await File.WriteAllTextAsync(Path.Combine(layout.Rounds, "latest.json"), json, ct);
        return new WorkflowRoundSummary(completion.RoundId, persons.Count, summary.ChangedPersons, coverage, surveyTasks,
            Path.GetRelativePath(layout.Root, Path.Combine(dir, "summary.json")));
    }
}
