using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Canbao.Store.Cosmos;
using Microsoft.Azure.Cosmos;

namespace Canbao.Store.Tests;

/// <summary>
/// Starts @vercel/cosmosdb-server (npm, installed by tests/setup.d/10-npm.sh) on 127.0.0.1 with a free port for the
/// test class and stops it by PID. When node or the package is missing, <see cref="Unavailable"/> says why.
/// </summary>
public sealed class CosmosStandIn : IDisposable
{
    // The Cosmos DB emulator's published well-known key; the stand-in accepts any key.
    private const string Key = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";
    private readonly Process? _process;

    public CosmosStandIn()
    {
        var root = FindRoot();
        var cli = root is null ? null : Path.Combine(root, "node_modules/@vercel/cosmosdb-server/lib/cli.js");
        if (cli is null || !File.Exists(cli)) { Unavailable = "node_modules/@vercel/cosmosdb-server missing: run tests/setup.d/10-npm.sh"; return; }
        var port = FreePort();
        var psi = new ProcessStartInfo("node", $"\"{cli}\" -p {port} --host 127.0.0.1")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        try { _process = Process.Start(psi)!; }
        catch (System.ComponentModel.Win32Exception ex) { Unavailable = "node not found: " + ex.Message; return; }
        var ready = new TaskCompletionSource();
        _process.OutputDataReceived += (_, e) => { if (e.Data?.Contains("Ready", StringComparison.Ordinal) == true) ready.TrySetResult(); };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (!ready.Task.Wait(TimeSpan.FromSeconds(20))) { Unavailable = "cosmosdb-server did not start in 20 s"; return; }
        ConnectionString = $"AccountEndpoint=https://127.0.0.1:{port}/;AccountKey={Key}";
    }

    public string? Unavailable { get; }
    public string? ConnectionString { get; }

    /// <summary>A client for the stand-in: gateway mode, its self-signed certificate accepted, no endpoint discovery.</summary>
    public CosmosClient CreateClient(bool bulk = false) => CosmosPersonStore.CreateClient(ConnectionString!, bulk, o =>
    {
        o.ConnectionMode = ConnectionMode.Gateway;
        o.LimitToEndpoint = true;
        o.HttpClientFactory = () => new HttpClient(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
        });
    });

    private static string? FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "package.json")) && Directory.Exists(Path.Combine(d.FullName, "node_modules")))
                return d.FullName;
        return null;
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        _process?.Dispose();
    }
}
