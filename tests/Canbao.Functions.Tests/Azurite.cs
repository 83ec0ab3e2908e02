using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Azure.Storage.Blobs;

namespace Canbao.Functions.Tests;

/// <summary>
/// Azurite's blob service from the repository's node_modules (tests/setup.d/10-npm.sh installs it), on 127.0.0.1 and a
/// free port, with its data in a temporary folder; stopped by PID when the tests end.
/// </summary>
public sealed class Azurite : IAsyncLifetime
{
    private Process? process;
    private readonly List<string> errors = [];
    private readonly string folder = Directory.CreateTempSubdirectory("canbao-azurite-").FullName;

    public string ConnectionString { get; private set; } = "";

    public BlobServiceClient Blobs => new(ConnectionString);

    public async Task InitializeAsync()
    {
        var port = FreePort();
        var script = Repo.Path("node_modules", "azurite", "dist", "src", "blob", "main.js");
        if (!File.Exists(script)) throw new FileNotFoundException("Azurite is not installed: run tests/setup.d/10-npm.sh", script);
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { script, "--blobHost", "127.0.0.1", "--blobPort", port.ToString(), "--location", folder, "--skipApiVersionCheck", "--disableTelemetry", "--silent", "--loose" })
            info.ArgumentList.Add(a);
        process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        ConnectionString = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
            "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            $"BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
        // Wait for it to answer (up to 60 s: other builds may load the machine); no SDK retries while waiting.
        var probe = new BlobServiceClient(ConnectionString, new BlobClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(5) } });
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await probe.GetPropertiesAsync();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < until && !process.HasExited)
            {
                await Task.Delay(200);
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException($"Azurite did not start on 127.0.0.1 (exited: {process.HasExited}): {string.Join(" | ", errors)}", ex);
            }
        }
    }

    public Task DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        process?.Dispose();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<Azurite>
{
    public const string Name = "azurite";
}
