using System.Text.Json;
using System.Text.Json.Serialization;

namespace Canbao.Operator.Api;

/// <summary>JSON settings of the operator API: snake_case names and enum values, nulls omitted.</summary>
public static class OperatorJson
{
    /// <summary>The serializer options every response and audit line uses.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}

/// <summary>An RFC 7807 problem details body (<c>application/problem+json</c>).</summary>
/// <param name="Type">URI reference of the problem type (<c>about:blank</c> style names under <c>/problems/</c>).</param>
/// <param name="Title">Short summary of the type.</param>
/// <param name="Status">HTTP status.</param>
/// <param name="Detail">This occurrence: what and why (no personal data).</param>
/// <param name="Instance">The request path.</param>
public sealed record ProblemBody(string Type, string Title, int Status, string Detail, string? Instance = null);

/// <summary>
/// A host-neutral API answer: status plus a JSON body, a problem, or a file. The ASP.NET host turns it into an
/// <c>IResult</c> (<see cref="OperatorEndpoints"/>); the Functions app can turn it into its own response the same way.
/// </summary>
/// <param name="Status">HTTP status code.</param>
/// <param name="Body">JSON body (serialized with <see cref="OperatorJson.Options"/>), or null.</param>
/// <param name="Problem">Problem details when <see cref="Status"/> ≥ 400.</param>
/// <param name="File">File bytes, for downloads.</param>
/// <param name="ContentType">Content type of <see cref="File"/>.</param>
/// <param name="FileName">Download file name.</param>
public sealed record ApiResult(int Status, object? Body = null, ProblemBody? Problem = null, byte[]? File = null, string? ContentType = null, string? FileName = null)
{
    /// <summary>200 with a JSON body.</summary>
    public static ApiResult Ok(object body) => new(200, body);

    /// <summary>200 with a file.</summary>
    public static ApiResult FileResult(byte[] bytes, string contentType, string fileName) => new(200, File: bytes, ContentType: contentType, FileName: fileName);

    /// <summary>A problem answer.</summary>
    public static ApiResult Fail(int status, string type, string title, string detail) =>
        new(status, Problem: new ProblemBody("/problems/" + type, title, status, detail));

    /// <summary>400: bad input.</summary>
    public static ApiResult BadRequest(string detail) => Fail(400, "bad-request", "Bad request", detail);

    /// <summary>401: no or invalid credentials.</summary>
    public static ApiResult Unauthorized(string detail) => Fail(401, "unauthenticated", "Authentication required", detail);

    /// <summary>403: outside the operator's scope.</summary>
    public static ApiResult Forbidden(string detail) => Fail(403, "out-of-scope", "Outside your scope", detail);

    /// <summary>404: not found.</summary>
    public static ApiResult NotFound(string detail) => Fail(404, "not-found", "Not found", detail);

    /// <summary>409: the action does not fit the current state.</summary>
    public static ApiResult Conflict(string detail) => Fail(409, "conflict", "Conflict with the current state", detail);
}
