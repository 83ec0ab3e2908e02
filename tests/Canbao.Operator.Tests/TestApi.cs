using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Canbao.Operator.Api;
using Canbao.Operator.Audit;
using Canbao.Operator.Auth;
using Canbao.Operator.Data;

namespace Canbao.Operator.Tests;

/// <summary>A running API on 127.0.0.1 (random port) over the sample city, with a city token and a 630102 district token.</summary>
public sealed class TestApi : IAsyncDisposable
{
    public required OperatorServer Server { get; init; }
    public required SampleOperatorData Data { get; init; }
    public required InMemoryAuditLog Audit { get; init; }
    public required string CityToken { get; init; }
    public required string DistrictToken { get; init; }
    public HttpClient Http { get; } = new();

    public static async Task<TestApi> StartAsync(bool trustAppService = false)
    {
        var data = new SampleOperatorData();
        var audit = new InMemoryAuditLog();
        var tokens = new LocalTokens();
        var city = tokens.Issue(new OperatorPrincipal("city-admin", "市级管理员", null));
        var district = tokens.Issue(new OperatorPrincipal("chengdong-op", "城东区经办员", "630102"));
        IReadOnlyList<IOperatorAuthenticator> auth = trustAppService ? [tokens, new AppServicePrincipal()] : [tokens];
        var server = await OperatorServer.StartAsync(new OperatorApiOptions(data, audit, auth));
        var api = new TestApi { Server = server, Data = data, Audit = audit, CityToken = city, DistrictToken = district };
        api.Http.BaseAddress = server.BaseUrl;
        return api;
    }

    public async Task<(int Status, JsonElement Json, string ContentType)> SendAsync(HttpMethod method, string path, string? token, object? body = null, Action<HttpRequestMessage>? edit = null)
    {
        using var req = new HttpRequestMessage(method, path);
        if (token is not null) req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) req.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        edit?.Invoke(req);
        using var res = await Http.SendAsync(req);
        var text = await res.Content.ReadAsStringAsync();
        var json = text.Length > 0 && (res.Content.Headers.ContentType?.MediaType?.Contains("json") ?? false) ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return ((int)res.StatusCode, json, res.Content.Headers.ContentType?.MediaType ?? "");
    }

    public Task<(int Status, JsonElement Json, string ContentType)> GetAsync(string path, string? token) => SendAsync(HttpMethod.Get, path, token);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
