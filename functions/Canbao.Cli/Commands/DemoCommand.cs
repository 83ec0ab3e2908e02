using System.CommandLine;
using System.Globalization;
using Canbao.Cli.Demo;

namespace Canbao.Cli.Commands;

/// <summary>
/// <c>canbao demo [--out DIR] [--city DIR] [--serve] [--port P]</c>: the main job on the embedded default over the committed
/// sample city (<see cref="DemoRunner"/>), then a summary with counts per step and the path of every output; exit 0.
/// With --serve the operator API and dashboard stay up on 127.0.0.1 over the demo's store until Ctrl+C.
/// Exit 2 when the sample city is not found or the --serve port cannot be opened (checked before the demo), 1 when a step fails (the message says which; no stack trace).
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo?>("--out") { Description = "Demo folder, wiped first (default: ./out/demo)" };
        var city = new Option<DirectoryInfo?>("--city") { Description = "City folder with drops/ and truth/ (default: the committed samples/city)" };
        var serve = new Option<bool>("--serve") { Description = "Keep the operator dashboard up on 127.0.0.1 afterwards (Ctrl+C stops it)" };
        var port = new Option<int>("--port") { Description = "Dashboard port with --serve (0 = any free port)", DefaultValueFactory = _ => 7080 };
        var command = new Command("demo", "Run the main job on the sample city with the embedded default") { output, city, serve, port };
        command.SetAction(async (parse, ct) =>
        {
            var cityDir = parse.GetValue(city)?.FullName ?? FindSampleCity();
            if (cityDir is null) { Console.Error.WriteLine("canbao demo: samples/city not found above the current folder or the program; pass --city DIR"); return 2; }
            // The dashboard comes after the ~40 s demo: a port it cannot listen on is refused before the demo starts.
            if (parse.GetValue(serve) && DemoServe.PortProblem(parse.GetValue(port)) is { } problem)
            { Console.Error.WriteLine($"canbao demo --serve: {problem}"); return 2; }
            var outDir = parse.GetValue(output)?.FullName ?? Path.GetFullPath(Path.Combine("out", "demo"));
            DemoSummary summary;
            try { summary = await DemoRunner.RunAsync(cityDir, outDir, Console.WriteLine, ct); }
            catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"canbao demo: {UserMessages.Plain(e)}");
                return 1;
            }
            Console.WriteLine();
            DemoPrinter.Print(Console.Out, summary);
            if (!parse.GetValue(serve)) return 0;
            return await DemoServe.RunAsync(summary, parse.GetValue(port), Console.Out, ct);
        });
        return command;
    }

    /// <summary>samples/city above the current folder, else above the program's folder; null when neither has one.</summary>
    private static string? FindSampleCity()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "samples", "city");
                if (Directory.Exists(Path.Combine(candidate, "drops"))) return candidate;
            }
        return null;
    }

    internal static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);
}
