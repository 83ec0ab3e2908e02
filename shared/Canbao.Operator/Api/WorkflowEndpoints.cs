using System.Text.Json;
using Canbao.Operator.Audit;
using Canbao.Operator.Auth;
using Canbao.Workflows;
using Canbao.Workflows.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;

namespace Canbao.Operator.Api;

/// <summary>What the workflow routes need from a host that runs the workflows (<c>canbao serve</c>).</summary>
/// <param name="Client">The host's Durable Task client.</param>
/// <param name="LatestRound">The latest round's summary as JSON text (the shape of <c>canbao run --json</c>); null before the first round.</param>
public sealed record WorkflowApiOptions(DurableTaskClient Client, Func<CancellationToken, Task<string?>> LatestRound);

/// <summary>
/// The workflow routes of the operator API, with the Functions app's paths, bodies and answers
/// (functions/Canbao.Functions/Api/OperatorApi.cs; bodies camelCase, errors as problem details):
/// <list type="bullet">
/// <item><c>GET /api/rounds/latest</c> → the latest round's summary (shape of <c>canbao run --json</c>); 404 before the first round.</item>
/// <item><c>POST /api/rounds</c> body <see cref="RoundInput"/> → 202 <c>{instanceId, started}</c>; city operators only (403).</item>
/// <item><c>GET /api/workflows/{instanceId}</c> → 200 <c>{instanceId, name, status, customStatus, createdAt, lastUpdatedAt, output, failure}</c>; 404.</item>
/// <item><c>POST /api/rosters/{roundId}/{township}/results</c> body <see cref="RosterSubmission"/> → 202: raises <see cref="WorkflowEvents.RosterResults"/>.</item>
/// <item><c>POST /api/rosters/{roundId}/{township}/review</c> body <see cref="ReviewDecision"/> → 202: raises <see cref="WorkflowEvents.RosterReview"/>; audited.</item>
/// </list>
/// Roster routes need the township's district in the operator's scope (403); a roster workflow that is not running is 409.
/// </summary>
public static class WorkflowEndpoints
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>Maps the routes on the (authenticated) <c>/api</c> group.</summary>
    public static void MapWorkflowRoutes(RouteGroupBuilder api, WorkflowApiOptions options, IAuditLog audit, TimeProvider clock, Func<HttpContext, OperatorPrincipal> who)
    {
        var client = options.Client;
        api.MapGet("/rounds/latest", async (HttpContext c, CancellationToken ct) =>
            await options.LatestRound(ct) is { } json
                ? Results.Text(json, "application/json")
                : OperatorEndpoints.ToResult(ApiResult.NotFound("no round has completed yet"), c));

        api.MapPost("/rounds", async (HttpContext c, CancellationToken ct) =>
        {
            if (!who(c).IsCity) return OperatorEndpoints.ToResult(ApiResult.Forbidden("only a city operator starts a comparison round"), c);
            var (input, bad) = await ReadAsync<RoundInput>(c, ct);
            if (bad is not null) return OperatorEndpoints.ToResult(bad, c);
            if (string.IsNullOrWhiteSpace(input!.RoundId) || input.RoundId.Length > 64 || !input.RoundId.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_'))
                return OperatorEndpoints.ToResult(ApiResult.BadRequest("roundId: 1-64 ASCII letters, digits, '-' or '_'"), c);
            var (instanceId, started) = await WorkflowStarts.StartRoundAsync(client, input, ct);
            await audit.AppendAsync(AuditEntry.About(clock.GetUtcNow(), who(c), "round.start", "round", input.RoundId, started ? "started" : "already exists"), ct);
            return Results.Json(new { instanceId, started }, Web, statusCode: 202);
        });

        api.MapGet("/workflows/{instanceId}", async (HttpContext c, string instanceId, CancellationToken ct) =>
        {
            var state = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, ct);
            if (state is null) return OperatorEndpoints.ToResult(ApiResult.NotFound($"no workflow instance '{instanceId}'"), c);
            if (DistrictOf(instanceId) is { } district && !who(c).Covers(district))
                return OperatorEndpoints.ToResult(ApiResult.Forbidden($"workflow '{instanceId}' belongs to district {district}"), c);
            return Results.Json(new
            {
                state.InstanceId, name = state.Name, status = state.RuntimeStatus.ToString(), customStatus = state.SerializedCustomStatus,
                createdAt = state.CreatedAt, lastUpdatedAt = state.LastUpdatedAt, output = state.SerializedOutput,
                failure = state.FailureDetails?.ErrorMessage,
            }, Web);
        });

        api.MapPost("/rosters/{roundId}/{township}/results", async (HttpContext c, string roundId, string township, CancellationToken ct) =>
        {
            var (submission, bad) = await ReadAsync<RosterSubmission>(c, ct);
            if (bad is not null) return OperatorEndpoints.ToResult(bad, c);
            if (string.IsNullOrWhiteSpace(submission!.ResultRef)) return OperatorEndpoints.ToResult(ApiResult.BadRequest("resultRef: required (reference of the entered results)"), c);
            if (submission.Visited < 0 || submission.Unreachable < 0) return OperatorEndpoints.ToResult(ApiResult.BadRequest("visited, unreachable: counts cannot be negative"), c);
            return await RaiseAsync(c, who(c), new RosterKey(roundId, township), WorkflowEvents.RosterResults, submission, ct);
        });

        api.MapPost("/rosters/{roundId}/{township}/review", async (HttpContext c, string roundId, string township, CancellationToken ct) =>
        {
            var (decision, bad) = await ReadAsync<ReviewDecision>(c, ct);
            if (bad is not null) return OperatorEndpoints.ToResult(bad, c);
            if (!decision!.Approve && string.IsNullOrWhiteSpace(decision.Reason)) return OperatorEndpoints.ToResult(ApiResult.BadRequest("reason: required when approve is false"), c);
            var answer = await RaiseAsync(c, who(c), new RosterKey(roundId, township), WorkflowEvents.RosterReview, decision, ct);
            if (c.Response.StatusCode < 400)
                await audit.AppendAsync(AuditEntry.About(clock.GetUtcNow(), who(c), decision.Approve ? "roster.approve" : "roster.send_back", "roster",
                    $"{roundId}/{township}", decision.Approve ? "approved" : "sent back: " + decision.Reason), ct);
            return answer;
        });

        async Task<IResult> RaiseAsync(HttpContext c, OperatorPrincipal op, RosterKey roster, string eventName, object payload, CancellationToken ct)
        {
            if (roster.Township.Length != 9 || !roster.Township.All(char.IsAsciiDigit)) return OperatorEndpoints.ToResult(ApiResult.BadRequest("township: 9 digits"), c);
            if (!op.Covers(roster.Township[..6])) return OperatorEndpoints.ToResult(ApiResult.Forbidden($"township {roster.Township} is outside {op.Scope}"), c);
            var instanceId = WorkflowIds.Roster(roster);
            var state = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, ct);
            if (state is null) return OperatorEndpoints.ToResult(ApiResult.NotFound($"no roster workflow '{instanceId}'"), c);
            if (state.RuntimeStatus is not (OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending))
                return OperatorEndpoints.ToResult(ApiResult.Conflict($"roster workflow '{instanceId}' is {state.RuntimeStatus}"), c);
            await client.RaiseEventAsync(instanceId, eventName, payload, ct);
            return Results.Json(new { instanceId, @event = eventName }, Web, statusCode: 202);
        }
    }

    /// <summary>The district of a roster workflow id (<c>roster-{round}-{township}</c>), else null.</summary>
    public static string? DistrictOf(string instanceId)
    {
        if (!instanceId.StartsWith("roster-", StringComparison.Ordinal) || instanceId.Length < 17) return null;
        var township = instanceId[^9..];
        return township.All(char.IsAsciiDigit) && instanceId[^10] == '-' ? township[..6] : null;
    }

    private static async Task<(T? Value, ApiResult? Bad)> ReadAsync<T>(HttpContext c, CancellationToken ct) where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(c.Request.Body, Web, ct);
            return value is null ? (null, ApiResult.BadRequest("body: a JSON object is required")) : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, ApiResult.BadRequest($"body: not valid JSON for {typeof(T).Name} (line {ex.LineNumber}, path {ex.Path}): {ex.Message}"));
        }
    }
}
