using System.Reflection;
using System.Text.Json;
using Canbao.Operator.Audit;
using Canbao.Operator.Auth;
using Canbao.Operator.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Canbao.Operator.Api;

/// <summary>What the operator API needs from its host.</summary>
/// <param name="Data">The data port.</param>
/// <param name="Audit">The audit log.</param>
/// <param name="Authenticators">Tried in order; the first that recognises the request's credentials wins.</param>
/// <param name="Clock">Clock; <see cref="TimeProvider.System"/> when null.</param>
public sealed record OperatorApiOptions(IOperatorData Data, IAuditLog Audit, IReadOnlyList<IOperatorAuthenticator> Authenticators, TimeProvider? Clock = null)
{
    /// <summary>The workflow routes (<see cref="WorkflowEndpoints"/>) of a host that runs the workflows; null = not mapped.</summary>
    public WorkflowApiOptions? Workflows { get; init; }
}

/// <summary>
/// Maps the operator API (<c>/api/…</c>, JSON, problem details) and the dashboard (<c>/</c> → <c>/dashboard/</c>) onto an
/// ASP.NET Core host. Every <c>/api</c> route needs an authenticated operator (401 otherwise); the dashboard's static
/// files are public (they hold no data). The route table is in the README ("Operator API and dashboard").
/// </summary>
public static class OperatorEndpoints
{
    private const string PrincipalKey = "canbao.operator";

    /// <summary>Maps every route; returns the <c>/api</c> group.</summary>
    public static RouteGroupBuilder MapCanbaoOperatorApi(this IEndpointRouteBuilder app, OperatorApiOptions options)
    {
        var h = new OperatorHandlers(options.Data, options.Audit, options.Clock ?? TimeProvider.System);
        var api = app.MapGroup("/api");
        api.AddEndpointFilter(async (ctx, next) =>
        {
            var http = ctx.HttpContext;
            OperatorPrincipal? who = null;
            try
            {
                foreach (var a in options.Authenticators)
                {
                    who = a.Authenticate(name => http.Request.Headers.TryGetValue(name, out var v) ? v.ToString() : null);
                    if (who is not null) break;
                }
            }
            catch (UnauthorizedAccessException e) { return ToResult(ApiResult.Unauthorized(e.Message), http); }
            if (who is null) return ToResult(ApiResult.Unauthorized("send Authorization: Bearer <token> (printed by canbao serve) or sign in through App Service authentication"), http);
            http.Items[PrincipalKey] = who;
            return await next(ctx);
        });

        static OperatorPrincipal Who(HttpContext c) => (OperatorPrincipal)c.Items[PrincipalKey]!;

        api.MapGet("/me", (HttpContext c) => ToResult(h.Me(Who(c)), c));
        api.MapGet("/instances", async (HttpContext c, CancellationToken ct) => ToResult(await h.ListInstancesAsync(Who(c), ct), c));
        api.MapGet("/instances/{id}", async (HttpContext c, string id, CancellationToken ct) => ToResult(await h.GetInstanceAsync(Who(c), id, ct), c));
        api.MapGet("/rounds", async (HttpContext c, CancellationToken ct) => ToResult(await h.ListRoundsAsync(ct), c));
        api.MapGet("/drops", async (HttpContext c, CancellationToken ct) => ToResult(await h.ListDropsAsync(ct), c));
        api.MapGet("/drops/{id}/errors", async (HttpContext c, string id, CancellationToken ct) => ToResult(await h.GetDropErrorsAsync(id, ct), c));
        api.MapGet("/districts", async (HttpContext c, CancellationToken ct) => ToResult(await h.ListDistrictsAsync(Who(c), ct), c));
        api.MapGet("/districts/{code}", async (HttpContext c, string code, CancellationToken ct) => ToResult(await h.GetDistrictAsync(Who(c), code, ct), c));
        api.MapGet("/trend", async (HttpContext c, CancellationToken ct) => ToResult(await h.TrendAsync(Who(c), ct), c));
        api.MapGet("/tasks", async (HttpContext c, string? district, string? township, string? state, CancellationToken ct) =>
            ToResult(await h.ListTasksAsync(Who(c), district, township, state, ct), c));
        api.MapGet("/tasks/{id}", async (HttpContext c, string id, CancellationToken ct) => ToResult(await h.GetTaskAsync(Who(c), id, ct), c));
        api.MapGet("/tasks/{id}/person", async (HttpContext c, string id, CancellationToken ct) => ToResult(await h.GetTaskPersonAsync(Who(c), id, ct), c));
        foreach (var (path, action) in new[] { ("submit", SurveyTaskAction.Submit), ("approve", SurveyTaskAction.Approve), ("send-back", SurveyTaskAction.SendBack) })
        {
            api.MapPost("/tasks/{id}/" + path, async (HttpContext c, string id, CancellationToken ct) =>
            {
                var (body, bad) = await ReadBodyAsync(c, ct);
                return bad is not null ? ToResult(bad, c) : ToResult(await h.ActOnTaskAsync(Who(c), id, action, Field(body, "reason"), ct), c);
            });
        }
        api.MapGet("/persons/{residentId}", async (HttpContext c, string residentId, CancellationToken ct) => ToResult(await h.GetPersonAsync(Who(c), residentId, ct), c));
        api.MapGet("/reviews", async (HttpContext c, CancellationToken ct) => ToResult(await h.ListReviewsAsync(Who(c), ct), c));
        api.MapPost("/reviews/{id}/decision", async (HttpContext c, string id, CancellationToken ct) =>
        {
            var (body, bad) = await ReadBodyAsync(c, ct);
            return bad is not null ? ToResult(bad, c) : ToResult(await h.DecideReviewAsync(Who(c), id, Field(body, "decision"), ct), c);
        });
        api.MapGet("/rosters/{township}.{format}", async (HttpContext c, string township, string format, CancellationToken ct) => ToResult(await h.GetRosterAsync(Who(c), township, format, ct), c));
        api.MapGet("/reports/monthly.{format}", async (HttpContext c, string format, string? month, string? district, CancellationToken ct) =>
            ToResult(await h.GetMonthlyReportAsync(Who(c), month, district, format, ct), c));
        api.MapGet("/audit", async (HttpContext c, int? take, CancellationToken ct) => ToResult(await h.AuditAsync(Who(c), take ?? 100, ct), c));
        if (options.Workflows is { } workflows) WorkflowEndpoints.MapWorkflowRoutes(api, workflows, options.Audit, options.Clock ?? TimeProvider.System, Who);
        api.MapFallback((HttpContext c) => ToResult(ApiResult.NotFound($"no route {c.Request.Method} {c.Request.Path}"), c));

        app.MapGet("/", () => Results.Redirect("/dashboard/"));
        app.MapGet("/dashboard/{file?}", (string? file) => DashboardFile(file ?? "index.html"));
        return api;
    }

    /// <summary>Turns a host-neutral answer into an ASP.NET result (problem details as <c>application/problem+json</c>).</summary>
    public static IResult ToResult(ApiResult r, HttpContext http)
    {
        if (r.Problem is { } p)
            return Results.Json(p with { Instance = http.Request.Path.Value }, OperatorJson.Options, "application/problem+json", p.Status);
        if (r.File is { } f) return Results.File(f, r.ContentType, r.FileName);
        return Results.Json(r.Body, OperatorJson.Options, statusCode: r.Status);
    }

    private static async Task<(JsonElement? Body, ApiResult? Bad)> ReadBodyAsync(HttpContext c, CancellationToken ct)
    {
        if (c.Request.ContentLength is 0 or null && !c.Request.Headers.ContainsKey("Transfer-Encoding")) return (null, null);
        try
        {
            using var doc = await JsonDocument.ParseAsync(c.Request.Body, cancellationToken: ct);
            return doc.RootElement.ValueKind == JsonValueKind.Object ? (doc.RootElement.Clone(), null) : (null, ApiResult.BadRequest("body: a JSON object is expected"));
        }
        catch (JsonException e) { return (null, ApiResult.BadRequest($"body: not valid JSON (line {e.LineNumber}): {e.Message}")); }
    }

    private static string? Field(JsonElement? body, string name) =>
        body is { } b && b.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static IResult DashboardFile(string file)
    {
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Canbao.Operator.Dashboard." + file);
        if (stream is null) return Results.NotFound();
        var type = Path.GetExtension(file) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            ".svg" => "image/svg+xml",
            _ => "application/octet-stream",
        };
        return Results.Stream(stream, type);
    }
}
