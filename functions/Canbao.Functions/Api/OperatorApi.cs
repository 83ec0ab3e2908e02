using System.Text.Json;
using Canbao.Workflows;
using Canbao.Workflows.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Canbao.Functions.Api;

/// <summary>
/// The operator HTTP API (ASP.NET Core integration), JSON in and out with web (camelCase) names. Auth level
/// <see cref="AuthorizationLevel.Function"/>: a function key in <c>x-functions-key</c>; in production put Entra ID
/// (App Service authentication) in front as well (README "Azure deployment"). Routes:
/// <list type="bullet">
/// <item><c>GET /api/instances</c> → <c>[{instanceId, name, status, createdAt, lastUpdatedAt, customStatus}]</c>, the local host's shape (functions/Canbao.Cli/Hosting/OperatorEndpoints.cs).</item>
/// <item><c>POST /api/rounds</c> body <see cref="RoundInput"/> → 202 <c>{instanceId, started}</c>: starts a comparison round once.</item>
/// <item><c>GET /api/workflows/{instanceId}</c> → 200 status, 404 unknown.</item>
/// <item><c>POST /api/rosters/{roundId}/{township}/results</c> body <see cref="RosterSubmission"/> → 202: raises <see cref="WorkflowEvents.RosterResults"/>.</item>
/// <item><c>POST /api/rosters/{roundId}/{township}/review</c> body <see cref="ReviewDecision"/> → 202: raises <see cref="WorkflowEvents.RosterReview"/>.</item>
/// </list>
/// Bad input is 400 with <c>{error}</c> saying which field and why.
/// </summary>
public sealed class OperatorApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Function("Api_ListInstances")]
    public async Task<IActionResult> ListInstances([HttpTrigger(AuthorizationLevel.Function, "get", Route = "instances")] HttpRequest request,
        [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        var list = new List<object>();
        await foreach (var m in client.GetAllInstancesAsync(new OrchestrationQuery { PageSize = 100 }).WithCancellation(ct))
            list.Add(new
            {
                instanceId = m.InstanceId, name = m.Name, status = m.RuntimeStatus.ToString(),
                createdAt = m.CreatedAt, lastUpdatedAt = m.LastUpdatedAt, customStatus = m.SerializedCustomStatus,
            });
        return new OkObjectResult(list);
    }

    [Function("Api_StartRound")]
    public async Task<IActionResult> StartRound([HttpTrigger(AuthorizationLevel.Function, "post", Route = "rounds")] HttpRequest request,
        [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        var (input, error) = await ReadAsync<RoundInput>(request, ct);
        if (error is not null) return error;
        if (string.IsNullOrWhiteSpace(input!.RoundId) || input.RoundId.Length > 64 || !input.RoundId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            return Bad("roundId: 1-64 ASCII letters, digits, '-' or '_'");
        var (instanceId, started) = await WorkflowStarts.StartRoundAsync(client, input, ct);
        return new AcceptedResult($"/api/workflows/{instanceId}", new { instanceId, started });
    }

    [Function("Api_GetWorkflow")]
    public async Task<IActionResult> GetWorkflow([HttpTrigger(AuthorizationLevel.Function, "get", Route = "workflows/{instanceId}")] HttpRequest request,
        string instanceId, [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        var state = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, ct);
        if (state is null) return new NotFoundObjectResult(new { error = $"no workflow instance '{instanceId}'" });
        return new OkObjectResult(new
        {
            state.InstanceId, name = state.Name, status = state.RuntimeStatus.ToString(), customStatus = state.SerializedCustomStatus,
            createdAt = state.CreatedAt, lastUpdatedAt = state.LastUpdatedAt, output = state.SerializedOutput,
            failure = state.FailureDetails?.ErrorMessage,
        });
    }

    [Function("Api_RosterResults")]
    public async Task<IActionResult> RosterResults([HttpTrigger(AuthorizationLevel.Function, "post", Route = "rosters/{roundId}/{township}/results")] HttpRequest request,
        string roundId, string township, [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        var (submission, error) = await ReadAsync<RosterSubmission>(request, ct);
        if (error is not null) return error;
        if (string.IsNullOrWhiteSpace(submission!.ResultRef)) return Bad("resultRef: required (blob reference of the entered results)");
        if (submission.Visited < 0 || submission.Unreachable < 0) return Bad("visited, unreachable: counts cannot be negative");
        return await RaiseAsync(client, new RosterKey(roundId, township), WorkflowEvents.RosterResults, submission, ct);
    }

    [Function("Api_RosterReview")]
    public async Task<IActionResult> RosterReview([HttpTrigger(AuthorizationLevel.Function, "post", Route = "rosters/{roundId}/{township}/review")] HttpRequest request,
        string roundId, string township, [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        var (decision, error) = await ReadAsync<ReviewDecision>(request, ct);
        if (error is not null) return error;
        if (!decision!.Approve && string.IsNullOrWhiteSpace(decision.Reason)) return Bad("reason: required when approve is false");
        return await RaiseAsync(client, new RosterKey(roundId, township), WorkflowEvents.RosterReview, decision, ct);
    }

    private static async Task<IActionResult> RaiseAsync(DurableTaskClient client, RosterKey roster, string eventName, object payload, CancellationToken ct)
    {
        if (roster.Township.Length != 9 || !roster.Township.All(char.IsAsciiDigit)) return Bad("township: 9 digits");
        var instanceId = WorkflowIds.Roster(roster);
        var state = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, ct);
        if (state is null) return new NotFoundObjectResult(new { error = $"no roster workflow '{instanceId}'" });
        if (state.RuntimeStatus is not (OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending))
            return new ConflictObjectResult(new { error = $"roster workflow '{instanceId}' is {state.RuntimeStatus}" });
        await client.RaiseEventAsync(instanceId, eventName, payload, ct);
        return new AcceptedResult($"/api/workflows/{instanceId}", new { instanceId, @event = eventName });
    }

    private static async Task<(T? Value, IActionResult? Error)> ReadAsync<T>(HttpRequest request, CancellationToken ct) where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Json, ct);
            return value is null ? (null, Bad("body: a JSON object is required")) : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, Bad($"body: not valid JSON for {typeof(T).Name} (line {ex.LineNumber}, path {ex.Path}): {ex.Message}"));
        }
    }

    private static BadRequestObjectResult Bad(string error) => new(new { error });
}
