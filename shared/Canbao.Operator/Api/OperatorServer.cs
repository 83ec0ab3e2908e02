using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Canbao.Operator.Api;

/// <summary>
/// A self-contained Kestrel host for the operator API and dashboard on 127.0.0.1 (port 0 = a free port chosen by the OS).
/// Used by the tests and usable by <c>canbao serve</c> when it has no host of its own.
/// </summary>
public sealed class OperatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OperatorServer(WebApplication app, Uri baseUrl) { _app = app; BaseUrl = baseUrl; }

    /// <summary>The root URL, e.g. <c>http://127.0.0.1:5123/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Starts the server; returns once it listens.</summary>
    /// <param name="options">API options.</param>
    /// <param name="port">TCP port on 127.0.0.1; 0 for any free port.</param>
    public static async Task<OperatorServer> StartAsync(OperatorApiOptions options, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapCanbaoOperatorApi(options);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new OperatorServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
