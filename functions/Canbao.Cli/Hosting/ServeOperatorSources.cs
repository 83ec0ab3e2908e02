using System.Text.Json;
using Canbao.Operator.Api;
using Canbao.Operator.Data;
using Canbao.Store;
using Canbao.Synthetic;
using Canbao.Workflows.Contracts;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using nietras.SeparatedValues;

namespace Canbao.Cli.Hosting;

/// <summary>
/// What the operator API of <c>canbao serve</c> reads beside the person store, kept as a snapshot refreshed every few
/// seconds from the Durable Task client: rounds (ComparisonRoundOrchestrator instances and their summaries), drops
/// (DropIngestionOrchestrator outputs, with the held and rejected rows of their row reports), review items from the latest
/// round's problems.csv, and the orchestration instances themselves.
/// </summary>
public sealed class ServeOperatorSources(LocalLayout layout, DurableTaskClient client, IPersonStore store, CityMap city) : BackgroundService
{
    /// <summary>Row findings kept per drop.</summary>
    public const int MaxFindings = 100;

    private volatile StoreOperatorSources snapshot = Empty(city);
    private volatile IReadOnlyList<InstanceView> instances = [];

    /// <summary>The latest snapshot.</summary>
    public StoreOperatorSources Current => snapshot;

    /// <summary>Orchestration instances of the latest refresh, newest first.</summary>
    public Task<IReadOnlyList<InstanceView>> InstancesAsync(CancellationToken ct) => Task.FromResult(instances);

    /// <summary>The latest round's summary JSON (rounds/latest.json), or null before the first round.</summary>
    public async Task<string?> LatestRoundAsync(CancellationToken ct)
    {
        var latest = Path.Combine(layout.Rounds, "latest.json");
        return File.Exists(latest) ? await File.ReadAllTextAsync(latest, ct) : null;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await RefreshAsync(stoppingToken); }
            catch (Exception ex) when (ex is not OperationCanceledException) { /* next pass; the API keeps the last snapshot */ }
            try { await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Reads the instances and rebuilds the snapshot.</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        var views = new List<InstanceView>();
        var rounds = new List<RoundView>();
        var drops = new List<DropView>();
        var errors = new Dictionary<string, IReadOnlyList<DropRowError>>(StringComparer.Ordinal);
        var rejected = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var m in client.GetAllInstancesAsync(new OrchestrationQuery { PageSize = 500, FetchInputsAndOutputs = true }).WithCancellation(ct))
        {
            views.Add(View(m));
            if (m.Name == "ComparisonRoundOrchestrator" && m.ReadInputAs<RoundInput>() is { } input)
            {
                var summary = m.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? m.ReadOutputAs<RoundSummary>() : null;
                rounds.Add(new RoundView(input.RoundId, m.CreatedAt, m.RuntimeStatus.ToString().ToLowerInvariant(), summary?.Persons ?? 0, summary?.SurveyTasks ?? 0));
            }
            else if (m.Name == "DropIngestionOrchestrator" && m.RuntimeStatus == OrchestrationRuntimeStatus.Completed
                     && m.ReadOutputAs<DropOutcome>() is { Kind: DropOutcomeKind.Imported, Summary: { } s } && m.ReadInputAs<DropIngestionInput>() is { } drop)
            {
                drops.Add(new DropView(drop.Drop.Name, drop.Drop.Feed, m.CreatedAt, s.RowsIn, s.Accepted, s.Held, s.Rejected));
                errors[drop.Drop.Name] = Findings(Path.Combine(layout.Root, s.ReportRef));
                var district = DistrictOfDrop(drop.Drop.Name);
                if (district.Length > 0) rejected[district] = rejected.GetValueOrDefault(district) + s.Rejected;
            }
        }
        rounds.Sort((a, b) => a.StartedAt.CompareTo(b.StartedAt));
        var reviews = rounds.LastOrDefault(r => r.Status == "completed") is { } last
            ? await ReviewItems.FromProblemsAsync(Path.Combine(LocalLayout.Under(layout.Rounds, last.RoundId), "out", "problems.csv"), store, ct)
            : [];
        instances = views.OrderByDescending(v => v.CreatedAt).ToList();
        snapshot = Empty(city) with
        {
            Rounds = rounds, Drops = drops.OrderByDescending(d => d.ReceivedAt).ToList(), DropErrors = errors, Reviews = reviews,
            Deadline = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(14), RejectedRows = rejected,
        };
    }

    private static StoreOperatorSources Empty(CityMap map) => new(
        new AreaView(map.CityCode, map.CityName),
        map.Districts.Select(d => new AreaView(d.Code, d.Name)).ToList(),
        map.Districts.SelectMany(d => d.Townships).ToDictionary(t => t.Code, t => t.Name),
        [], [], new Dictionary<string, IReadOnlyList<DropRowError>>(), [], [], DateOnly.FromDateTime(DateTime.UtcNow).AddDays(14), new Dictionary<string, int>());

    /// <summary>An instance as operators see it; the custom status unwrapped when it is a JSON string.</summary>
    public static InstanceView View(OrchestrationMetadata m)
    {
        var status = m.SerializedCustomStatus ?? "";
        if (status.StartsWith('"'))
            try { status = JsonSerializer.Deserialize<string>(status) ?? ""; }
            catch (JsonException) { /* keep it as it is */ }
        var roundId = m.InstanceId.StartsWith("round-", StringComparison.Ordinal) ? m.InstanceId[6..]
            : m.InstanceId.StartsWith("campaign-", StringComparison.Ordinal) ? m.InstanceId[9..]
            : WorkflowEndpoints.DistrictOf(m.InstanceId) is not null ? m.InstanceId[7..^10] : null;
        var done = m.RuntimeStatus == OrchestrationRuntimeStatus.Completed;
        return new InstanceView(m.InstanceId, m.Name, m.RuntimeStatus.ToString(), roundId, WorkflowEndpoints.DistrictOf(m.InstanceId),
            m.CreatedAt, m.LastUpdatedAt, done ? 1 : 0, 1, status);
    }

    /// <summary>The 6-digit district code in a drop's file name (<c>yyyy-MM-DDDDDD.ext</c>), or empty.</summary>
    public static string DistrictOfDrop(string name)
    {
        var file = Path.GetFileNameWithoutExtension(name);
        return file.Length >= 14 && file[7] == '-' && file[8..14].All(char.IsAsciiDigit) ? file[8..14] : "";
    }

    /// <summary>The first <see cref="MaxFindings"/> rows of a drop's row report (row, outcome, column, code, reason); missing file → empty.</summary>
    public static List<DropRowError> Findings(string reportCsv)
    {
        var list = new List<DropRowError>();
        if (!File.Exists(reportCsv)) return list;
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromFile(reportCsv);
        foreach (var row in reader)
        {
            if (list.Count >= MaxFindings) break;
            var outcome = row["outcome"].ToString();
            list.Add(new DropRowError(long.Parse(row["row"].ToString(), System.Globalization.CultureInfo.InvariantCulture), row["column"].ToString(),
                row["code"].ToString(), outcome.Equals("Rejected", StringComparison.OrdinalIgnoreCase) ? "error" : "warning", row["reason"].ToString()));
        }
        return list;
    }
}

/// <summary>Review items (possible matches, conflicts) from a round's problems.csv.</summary>
public static class ReviewItems
{
    /// <summary>
    /// The rows of <paramref name="problemsCsv"/> whose kind has review decisions, as <see cref="ReviewItem"/>s numbered in
    /// file order; rows whose person is not in the store (no district) are left out. Missing file → empty.
    /// </summary>
    public static async Task<IReadOnlyList<ReviewItem>> FromProblemsAsync(string problemsCsv, IPersonStore store, CancellationToken ct)
    {
        var reviews = new List<ReviewItem>();
        if (!File.Exists(problemsCsv)) return reviews;
        var rows = new List<(string Kind, string Person, string Other, string Detail)>();
        using (var reader = Sep.Reader(o => o with { Unescape = true }).FromFile(problemsCsv))
            foreach (var row in reader)
                if (ReviewItem.DecisionsFor(row["kind"].ToString()).Count > 0)
                    rows.Add((row["kind"].ToString(), row["resident_id"].ToString(), row["other_id"].ToString(), row["detail"].ToString()));
        foreach (var (kind, person, other, detail) in rows)
        {
            var district = person.Length == 18 && await store.ReadAsync(person, ct) is { } s ? s.Person.DistrictCode : "";
            if (district.Length == 0) continue;
            reviews.Add(new ReviewItem($"review-{reviews.Count + 1:D4}", kind, person, other, district, detail, null, null));
        }
        return reviews;
    }
}
