using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Canbao.Cli.Hosting;

/// <summary>
/// The operator API's workflow endpoints on the local host (same shapes as the Functions app):
/// <c>GET /api/instances</c> → <c>[{instanceId, name, status, createdAt, lastUpdatedAt, customStatus}]</c>;
/// <c>GET /api/rounds/latest</c> → the latest round's summary (shape of <c>canbao run --json</c>), 404 before the first round.
/// </summary>
public static class OperatorEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static void Map(WebApplication app, LocalLayout layout)
    {
        app.MapGet("/api/instances", async (DurableTaskClient client, CancellationToken ct) =>
        {
            var list = new List<object>();
            await foreach (var m in client.GetAllInstancesAsync(new OrchestrationQuery { PageSize = 100 }).WithCancellation(ct))
                list.Add(new
                {
                    instanceId = m.InstanceId, name = m.Name, status = m.RuntimeStatus.ToString(),
                    createdAt = m.CreatedAt, lastUpdatedAt = m.LastUpdatedAt, customStatus = m.SerializedCustomStatus,
                });
            return Results.Json(list);
        });
        app.MapGet("/api/rounds/latest", () =>
        {
            var latest = Path.Combine(layout.Rounds, "latest.json");
            return File.Exists(latest)
                ? Results.Text(File.ReadAllText(latest), "application/json")
                : Results.NotFound(new { error = "no round has completed yet" });
        });
    }
}
