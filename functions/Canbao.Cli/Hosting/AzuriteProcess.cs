using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Canbao.Cli.Hosting;

/// <summary>
/// Azurite (npm, node_modules/.bin/azurite) started by the local host on free 127.0.0.1 ports with its data under a
/// folder, and stopped by PID on dispose. The account is Azurite's documented development account.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    private readonly Process process;
    private string? location;

    private static string PidFile(string location) => Path.Combine(location, "azurite.pid");

    /// <summary>
    /// A host killed with SIGKILL cannot stop its Azurite; the next start stops it by the PID it recorded, after checking
    /// that the PID is still an azurite process on this same folder.
    /// </summary>
    private static void StopLeftover(string location)
    {
        var pidFile = PidFile(location);
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid)) return;
        try
        {
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            if (!cmdline.Contains("azurite", StringComparison.Ordinal) || !cmdline.Contains(location, StringComparison.Ordinal)) return;
            using var leftover = Process.GetProcessById(pid);
            leftover.Kill(entireProcessTree: true);
            leftover.WaitForExit(10_000);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            // not running any more
        }
        File.Delete(pidFile);
    }

    /// <summary>Blob, queue and table ports.</summary>
    public int BlobPort { get; }
    public int QueuePort { get; }
    public int TablePort { get; }

    /// <summary>Connection string for the development account on these ports.</summary>
    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    private AzuriteProcess(Process process, int blob, int queue, int table)
    {
        this.process = process;
        (BlobPort, QueuePort, TablePort) = (blob, queue, table);
    }

    /// <summary>Starts Azurite with data under <paramref name="location"/> and waits (≤ 30 s) until its three ports accept connections.</summary>
    /// <exception cref="FileNotFoundException">node_modules/.bin/azurite is not found above the working or program folder (run tests/setup.d/10-npm.sh).</exception>
    public static async Task<AzuriteProcess> StartAsync(string location, CancellationToken ct = default)
    {
        var script = FindAzurite() ?? throw new FileNotFoundException(
            "azurite not found: run `bash tests/setup.d/10-npm.sh` in the repository (or set CANBAO_AZURITE to node_modules/.bin/azurite)");
        Directory.CreateDirectory(location);
        StopLeftover(location);
        int blob = FreePort(), queue = FreePort(), table = FreePort();
        var psi = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { script, "--skipApiVersionCheck", "--disableTelemetry", "--silent", "--location", location,
                     "--blobHost", "127.0.0.1", "--blobPort", $"{blob}", "--queueHost", "127.0.0.1", "--queuePort", $"{queue}",
                     "--tableHost", "127.0.0.1", "--tablePort", $"{table}" })
            psi.ArgumentList.Add(a);
        var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start node for azurite");
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        await File.WriteAllTextAsync(PidFile(location), $"{p.Id}", ct);
        var self = new AzuriteProcess(p, blob, queue, table) { location = location };
        var until = DateTime.UtcNow.AddSeconds(30);
        foreach (var port in new[] { blob, queue, table })
        {
            while (!await Accepts(port))
            {
                if (p.HasExited || DateTime.UtcNow > until)
                {
                    await self.DisposeAsync();
                    throw new InvalidOperationException($"azurite did not open port {port} (exit: {(p.HasExited ? p.ExitCode : "still running")})");
                }
                await Task.Delay(100, ct);
            }
        }
        return self;
    }

    private static string? FindAzurite()
    {
        var env = Environment.GetEnvironmentVariable("CANBAO_AZURITE");
        if (!string.IsNullOrEmpty(env) && File.Exists(env)) return env;
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "node_modules", "azurite", "dist", "src", "azurite.js");
                if (File.Exists(candidate)) return candidate;
                candidate = Path.Combine(dir.FullName, "node_modules", ".bin", "azurite");
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static async Task<bool> Accepts(int port)
    {
        try
        {
            using var c = new TcpClient();
            await c.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Free loopback port (for the sidecar's gRPC endpoint).</summary>
    public static int AnyFreePort() => FreePort();

    /// <summary>Stops Azurite by PID (its process tree) and waits for it to exit.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        process.Dispose();
        if (location is not null) File.Delete(PidFile(location));
    }
}
