using System.Text.Json;
using Azure.Storage.Queues;
using Canbao.Workflows.Contracts;
using Canbao.Workflows.Ports;

namespace Canbao.Cli.Hosting.Adapters;

/// <summary>
/// <see cref="IRosterDispatcher"/> on one machine: rosters are the round's rosters/&lt;township&gt;.csv; dispatch, reminders,
/// escalations, review requests and send-backs are messages (references and counts, never people) on the Azurite queue
/// <c>survey-rosters</c>; confirmations are written to rounds/&lt;id&gt;/survey/&lt;township&gt;.json.
/// </summary>
/// <param name="layout">The data folder.</param>
/// <param name="queue">The queue (created on first use).</param>
public sealed class QueueRosterDispatcher(LocalLayout layout, QueueClient queue) : IRosterDispatcher
{
    private string RosterDir(string roundId) => Path.Combine(LocalLayout.Under(layout.Rounds, roundId), "out", "rosters");

    private async Task SendAsync(object message, CancellationToken ct)
    {
        await queue.CreateIfNotExistsAsync(cancellationToken: ct);
        await queue.SendMessageAsync(JsonSerializer.Serialize(message), ct);
    }

    public Task<CampaignPlan> PlanAsync(string roundId, CancellationToken ct = default)
    {
        var dir = RosterDir(roundId);
        var townships = Directory.Exists(dir)
            ? Directory.EnumerateFiles(dir, "*.csv").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal).ToList()
            : [];
        return Task.FromResult(new CampaignPlan(roundId, townships));
    }

    public async Task<int> DispatchAsync(RosterKey roster, CancellationToken ct = default)
    {
        var file = Path.Combine(RosterDir(roster.RoundId), roster.Township + ".csv");
        var tasks = Math.Max(0, File.ReadLines(file).Count() - 1);
        await SendAsync(new { kind = "dispatch", round = roster.RoundId, township = roster.Township, tasks,
            roster = Path.GetRelativePath(layout.Root, file) }, ct);
        return tasks;
    }

    public Task RemindAsync(RosterNotice notice, CancellationToken ct = default) =>
        SendAsync(new { kind = "reminder", round = notice.Roster.RoundId, township = notice.Roster.Township, level = notice.Level }, ct);

    public Task EscalateAsync(RosterNotice notice, CancellationToken ct = default) =>
        SendAsync(new { kind = "escalation", round = notice.Roster.RoundId, township = notice.Roster.Township, level = notice.Level }, ct);

    public Task RequestReviewAsync(RosterResultsRequest request, CancellationToken ct = default) =>
        SendAsync(new { kind = "review", round = request.Roster.RoundId, township = request.Roster.Township, results = request.Submission.ResultRef }, ct);

    public Task SendBackAsync(RosterSendBack sendBack, CancellationToken ct = default) =>
        SendAsync(new { kind = "send_back", round = sendBack.Roster.RoundId, township = sendBack.Roster.Township, reason = sendBack.Reason }, ct);

    public async Task<RosterConfirmation> ConfirmAsync(RosterResultsRequest request, CancellationToken ct = default)
    {
        var result = new RosterConfirmation(request.Submission.Visited, request.Submission.Unreachable);
        await WriteAsync(request.Roster, new { status = "confirmed", results = request.Submission.ResultRef, result.Confirmed, result.Unreachable }, ct);
        return result;
    }

    public async Task<RosterConfirmation> ExpireAsync(RosterKey roster, CancellationToken ct = default)
    {
        var file = Path.Combine(RosterDir(roster.RoundId), roster.Township + ".csv");
        var tasks = File.Exists(file) ? Math.Max(0, File.ReadLines(file).Count() - 1) : 0;
        var result = new RosterConfirmation(0, tasks);
        await WriteAsync(roster, new { status = "expired", result.Confirmed, result.Unreachable }, ct);
        return result;
    }

    private Task WriteAsync(RosterKey roster, object state, CancellationToken ct)
    {
        var dir = Path.Combine(LocalLayout.Under(layout.Rounds, roster.RoundId), "survey");
        Directory.CreateDirectory(dir);
        return File.WriteAllTextAsync(Path.Combine(dir, roster.Township + ".json"), JsonSerializer.Serialize(state), ct);
    }
}
