using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Canbao.Synthetic;

namespace Canbao.Cli.Commands;

/// <summary>
/// <c>canbao generate --persons N --seed S --out DIR [--city 630100] [--period 2017-03] [--fault code=rate,…]</c>:
/// writes a synthetic city's department drops (DIR/drops) and its ground truth (DIR/truth). A later period into the
/// same DIR writes the changes since the last one.
/// </summary>
public static class GenerateCommand
{
    public static Command Create()
    {
        var persons = new Option<int>("--persons") { Description = "Size of the latent city (persons over the whole horizon)", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<ulong>("--seed") { Description = "Seed; same seed and arguments give byte-identical output", DefaultValueFactory = _ => 1 };
        var output = new Option<DirectoryInfo>("--out") { Description = "Output folder (drops/ and truth/)", Required = true };
        var city = new Option<string>("--city") { Description = "City code (GB/T 2260)", DefaultValueFactory = _ => "630100" };
        var period = new Option<string>("--period") { Description = "Period yyyy-MM; later than the folder's last period writes the changes since", DefaultValueFactory = _ => "2017-03" };
        var faults = new Option<string[]>("--fault") { Description = $"Fault rate per eligible row, code=rate (repeatable or comma-separated; 'none' = no noise). Codes: {string.Join(", ", Faults.All)}", AllowMultipleArgumentsPerToken = true };
        var parallelism = new Option<int>("--parallelism") { Description = "Districts generated at once (0 = processor count)", DefaultValueFactory = _ => 0 };
        var command = new Command("generate", "Generate a synthetic city: department drops with noise, and the ground truth") { persons, seed, output, city, period, faults, parallelism };
        command.SetAction(parse =>
        {
            var watch = Stopwatch.StartNew();
            try
            {
                var options = new GenerateOptions(parse.GetValue(persons), parse.GetValue(seed), parse.GetValue(output)!.FullName, parse.GetValue(city)!,
                    parse.GetValue(period)!, Faults.ParseRates(parse.GetValue(faults) ?? []), parse.GetValue(parallelism));
                var summary = CityGenerator.Generate(options);
                Console.WriteLine($"period {summary.Period}{(summary.IsBase ? " (first: snapshot and change feeds)" : " (changes since the previous period)")}: " +
                    $"{summary.TruthPersons.ToString("N0", CultureInfo.InvariantCulture)} persons in the truth, {summary.Files} files, {summary.Rows.ToString("N0", CultureInfo.InvariantCulture)} rows");
                foreach (var (feed, rows) in summary.RowsPerFeed) Console.WriteLine($"  {feed,-24} {rows,12:N0}");
                var injected = summary.Faults.Injected.Sum();
                Console.WriteLine($"  faults injected: {injected.ToString("N0", CultureInfo.InvariantCulture)} (truth/faults.csv)");
                Console.WriteLine($"  written to {options.OutDir} in {watch.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s");
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException)
            {
                Console.Error.WriteLine($"canbao generate: {UserMessages.Plain(e)}");
                return 2;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"canbao generate: --out {parse.GetValue(output)!.FullName} cannot be written: {UserMessages.Plain(e)}");
                return 2;
            }
        });
        return command;
    }
}
