using Canbao.Domain.Identifiers;
using Canbao.Operator.Api;
using Canbao.Operator.Audit;
using Canbao.Operator.Auth;
using Canbao.Operator.Data;
using Canbao.Store.Sqlite;
using Canbao.Synthetic;
using Canbao.Cli.Hosting;

namespace Canbao.Cli.Demo;

/// <summary>
/// <c>canbao demo --serve</c>: the operator API and dashboard (<see cref="OperatorServer"/>) on 127.0.0.1 over the demo's
/// person store and outputs (<see cref="StoreOperatorData"/>), with a locally issued city-operator token; the audit log
/// is <c>DIR/audit.jsonl</c>. Runs until cancelled (Ctrl+C).
/// </summary>
public static class DemoServe
{
    /// <summary>The operator data over a finished demo: store, drops and their findings, rounds, the workflow instances it ran, reviews from the second round's problem list.</summary>
    public static async Task<StoreOperatorData> DataAsync(DemoSummary summary, CancellationToken ct = default)
    {
        var store = new SqlitePersonStore(summary.Outputs["person_store"]);
        var map = CityMap.Load(summary.Round1Districts.Count > 0 ? summary.Round1Districts[0].Code[..4] + "00" : "630100");
        var now = DateTimeOffset.UtcNow;
        var drops = summary.Drops.Reverse()
            .Select(d => new DropView(d.Drop, d.Feed, now, (int)d.Rows, (int)d.Accepted, (int)d.Held, (int)d.Rejected)).ToList();
        var errors = summary.Drops.ToDictionary(d => d.Drop,
            d => (IReadOnlyList<DropRowError>)d.Findings.Select(f => new DropRowError(f.Row, f.Column, f.Code, f.Severity, f.Message)).ToList());
        var rounds = new[] { summary.Round1, summary.Round2 }
            .Select(r => new RoundView(r.Round, now, "completed", r.Persons, r.SurveyTasks)).ToList();
        var reviews = await ReviewItems.FromProblemsAsync(Path.Combine(summary.Outputs["round2"], "problems.csv"), store, ct);
        var sources = new StoreOperatorSources(
            new AreaView(map.CityCode, map.CityName),
            map.Districts.Select(d => new AreaView(d.Code, d.Name)).ToList(),
            map.Districts.SelectMany(d => d.Townships).ToDictionary(t => t.Code, t => t.Name),
            rounds, drops, errors, reviews,
            [(summary.Round1.Round, summary.Round1Districts)],
            DateOnly.FromDateTime(DateTime.Today).AddDays(30),
            summary.Drops.GroupBy(d => d.DistrictCode).ToDictionary(g => g.Key, g => (int)g.Sum(d => d.Rejected)));
        return summary.Instances.Count > 0
            ? new StoreOperatorData(store, () => sources, _ => Task.FromResult(summary.Instances))
            : new StoreOperatorData(store, sources);
    }

    /// <summary>
    /// Why <c>--port</c> cannot be served on 127.0.0.1 (out of range, in use, not permitted), checked by binding it for
    /// a moment before the ~40 s demo runs; null when it can be bound (0 always can: any free port).
    /// </summary>
    /// <param name="port">The --port value.</param>
    public static string? PortProblem(int port)
    {
        if (port is < 0 or > 65535) return $"--port {port} is not a TCP port (0-65535; 0 = any free port)";
        try
        {
            var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            probe.Start();
            probe.Stop();
            return null;
        }
        catch (System.Net.Sockets.SocketException e)
        {
            return e.SocketErrorCode switch
            {
                System.Net.Sockets.SocketError.AddressAlreadyInUse => $"127.0.0.1:{port} is already in use; pick another --port (0 = any free port)",
                System.Net.Sockets.SocketError.AccessDenied => $"127.0.0.1:{port} may not be opened by this user (ports below 1024 need privileges); pick another --port (0 = any free port)",
                _ => $"127.0.0.1:{port} cannot be opened ({e.SocketErrorCode}); pick another --port (0 = any free port)",
            };
        }
    }

    /// <summary>Serves until cancelled; returns the exit code (0, or 1 when the port is taken).</summary>
    public static async Task<int> RunAsync(DemoSummary summary, int port, TextWriter w, CancellationToken ct)
    {
        var tokens = new LocalTokens();
        var token = tokens.Issue(new OperatorPrincipal("demo-city-operator", "市级操作员 (demo)", null));
        OperatorServer server;
        try
        {
            server = await OperatorServer.StartAsync(new OperatorApiOptions(await DataAsync(summary, ct),
                new JsonLinesAuditLog(Path.Combine(summary.OutDir, "audit.jsonl")), [tokens]), port);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"canbao demo --serve: cannot listen on 127.0.0.1:{port}: {e.Message} (try --port 0)");
            return 1;
        }
        await using (server)
        {
            w.WriteLine();
            w.WriteLine($"dashboard: {server.BaseUrl}  (operator token, city scope: {token})");
            w.WriteLine($"  API: curl -H 'Authorization: Bearer {token}' {server.BaseUrl}api/districts");
            w.WriteLine("  Ctrl+C stops it.");
            // The web host's console lifetime takes SIGINT/SIGTERM for itself; listen to them here as well.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var onInt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, _ => stop.Cancel());
            using var onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, _ => stop.Cancel());
            try { await Task.Delay(Timeout.Infinite, stop.Token); }
            catch (OperationCanceledException) { }
            w.WriteLine("dashboard stopped.");
        }
        return 0;
    }
}
