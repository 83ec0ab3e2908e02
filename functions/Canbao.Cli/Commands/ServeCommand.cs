using System.CommandLine;
using Canbao.Cli.Hosting;
using Canbao.Workflows.Contracts;

namespace Canbao.Cli.Commands;

/// <summary>
/// <c>canbao serve [--data DIR] [--port P] [--city CODE]</c>: the local durable host (Hosting/LocalDurableHost): workflows,
/// drop watchers, the operator API and dashboard with a city operator token printed at start
/// (or <c>CANBAO_OPERATOR_TOKEN</c>, 32+ characters).
/// </summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Data folder (drops/<feed>/ is watched)", DefaultValueFactory = _ => "canbao-data" };
        var port = new Option<int>("--port") { Description = "Operator API port on 127.0.0.1", DefaultValueFactory = _ => 7071 };
        var settle = new Option<int>("--settle-seconds") { Description = "A drop must stay unchanged this long before import", DefaultValueFactory = _ => 2 };
        var quiet = new Option<int>("--round-after") { Description = "Seconds without new imports before a round starts", DefaultValueFactory = _ => 5 };
        var city = new Option<string>("--city") { Description = "City code (areas of the dashboard)", DefaultValueFactory = _ => "630100" };
        var cmd = new Command("serve", "Run the workflows on this machine: Azurite + Durable Task sidecar, drop watchers, operator API and dashboard (token printed at start)")
        {
            data, port, settle, quiet, city,
        };
        cmd.SetAction(async (parse, ct) =>
        {
            // The city is checked before Azurite and the sidecar start (they would take seconds to reach it).
            try { Canbao.Synthetic.CityMap.Load(parse.GetValue(city)!); }
            catch (ArgumentException e) { Console.Error.WriteLine($"canbao serve: {UserMessages.Plain(e)}"); return 2; }
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
            using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM,
                c => { c.Cancel = true; stop.Cancel(); });
            var watch = new WatchOptions(TimeSpan.FromSeconds(1), parse.GetValue(settle), parse.GetValue(quiet), SurveyTimings.Default);
            await LocalDurableHost.RunAsync(parse.GetValue(data)!, parse.GetValue(port), watch, parse.GetValue(city)!, Console.WriteLine, stop.Token);
            return 0;
        });
        return cmd;
    }
}
