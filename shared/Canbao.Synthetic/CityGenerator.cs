using System.Globalization;
using System.Text;
using System.Text.Json;
using Canbao.Domain.Identifiers;
using Canbao.Domain.Standard;

namespace Canbao.Synthetic;

/// <summary>What to generate.</summary>
/// <param name="Persons">Size of the latent city (persons over the whole horizon, including later births and movers-in).</param>
/// <param name="Seed">Seed: same seed and arguments → byte-identical output.</param>
/// <param name="OutDir">Output folder (drops/ and truth/ are written under it).</param>
/// <param name="City">6-digit city code (default Xining 630100).</param>
/// <param name="Period">Period yyyy-MM; a later period than the folder's last writes the changes since.</param>
/// <param name="FaultRates">Fault rates per eligible row (<see cref="Faults.DefaultRates"/> when null).</param>
/// <param name="Parallelism">Districts generated at once (0 = processor count).</param>
public sealed record GenerateOptions(int Persons, ulong Seed, string OutDir, string City = "630100", string Period = "2017-03",
    IReadOnlyDictionary<string, double>? FaultRates = null, int Parallelism = 0);

/// <summary>What one run wrote.</summary>
/// <param name="Period">The period.</param>
/// <param name="IsBase">True when it was the folder's first period (snapshot feeds written too).</param>
/// <param name="TruthPersons">Rows added to truth/persons.csv.</param>
/// <param name="Files">Drop files written.</param>
/// <param name="RowsPerFeed">Data rows written per feed id (ordinal order).</param>
/// <param name="Faults">Eligible and injected rows per fault.</param>
public sealed record GenerateSummary(string Period, bool IsBase, long TruthPersons, int Files, IReadOnlyDictionary<string, long> RowsPerFeed, FaultCounter Faults)
{
    /// <summary>All data rows written.</summary>
    public long Rows => RowsPerFeed.Values.Sum();
}

/// <summary>
/// <c>canbao generate</c>: writes a synthetic city's department drops and ground truth for one period into a folder.
/// Districts are generated in parallel, each streaming its households into its own files, so memory stays flat in the
/// population size; the truth parts are joined in district order, so output bytes do not depend on scheduling.
/// </summary>
public static class CityGenerator
{
    /// <summary>Name of the run manifest under truth/ (seed, size, city, fault rates, periods written).</summary>
    public const string ManifestName = "generation.json";

    /// <summary>Generates one period.</summary>
    /// <exception cref="ArgumentException">Bad arguments, or arguments that differ from the folder's earlier run, or a period not after the last one.</exception>
    public static GenerateSummary Generate(GenerateOptions options)
    {
        if (options.Persons <= 0) throw new ArgumentException("--persons must be positive");
        var rates = options.FaultRates ?? Faults.DefaultRates;
        var city = CityMap.Load(options.City);
        var end = PeriodWindow.ParseEnd(options.Period);
        var truthDir = Path.Combine(options.OutDir, "truth");
        var manifestPath = Path.Combine(truthDir, ManifestName);
        var previous = File.Exists(manifestPath) ? Manifest.Read(manifestPath) : null;
        PeriodWindow period;
        Manifest manifest;
        if (previous is null)
        {
            period = new PeriodWindow(options.Period, end, end.AddMonths(-Population.MonthsBefore), true);
            manifest = new Manifest(options.Seed, options.Persons, options.City, options.Period, [options.Period], rates);
        }
        else
        {
            previous.CheckSame(options, rates);
            var lastEnd = PeriodWindow.ParseEnd(previous.Periods[^1]);
            var baseEnd = PeriodWindow.ParseEnd(previous.BasePeriod);
            if (end <= lastEnd)
                throw new ArgumentException($"--period {options.Period}: {options.OutDir} already holds period {previous.Periods[^1]}; give a later period (or a new folder)");
            if (end > baseEnd.AddMonths(Population.MonthsAfter))
                throw new ArgumentException($"--period {options.Period}: at most {Population.MonthsAfter} months after the first period {previous.BasePeriod}");
            period = new PeriodWindow(options.Period, end, lastEnd, false);
            manifest = previous with { Periods = [.. previous.Periods, options.Period] };
        }

        var baseEndDate = PeriodWindow.ParseEnd(manifest.BasePeriod);
        var employers = new EmployerPool(options.Seed, city, EmployerPool.SizeFor(options.Persons));
        var population = new Population(options.Seed, city, baseEndDate, employers.Count);
        var rows = new FeedRows(options.Seed, rates, employers, city, period);
        var feeds = rows.Feeds;
        Directory.CreateDirectory(truthDir);
        foreach (var f in feeds) Directory.CreateDirectory(Path.Combine(options.OutDir, "drops", f.Id));
        var parts = Path.Combine(truthDir, ".parts-" + period.Name);
        Directory.CreateDirectory(parts);

        var counts = Population.Split(options.Persons, city);
        var results = new DistrictResult[city.Districts.Count];
        var order = city.Districts.OrderByDescending(d => counts[d.Index]).ThenBy(d => d.Index).ToArray();
        Parallel.ForEach(order, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism > 0 ? options.Parallelism : Environment.ProcessorCount },
            d => results[d.Index] = GenerateDistrict(options.OutDir, parts, d, counts[d.Index], population, rows, feeds, period, city.CityCode));

        var employerRows = 0L;
        if (period.IsBase)
        {
            employerRows = WriteEmployers(options.OutDir, parts, employers, period, city.CityCode);
        }

        // Join the parts in district order.
        var personsPath = Path.Combine(truthDir, "persons.csv");
        var rowsPath = Path.Combine(truthDir, "rows.csv");
        using (var persons = new FileStream(personsPath, period.IsBase ? FileMode.Create : FileMode.Append))
        using (var truthRows = new FileStream(rowsPath, period.IsBase ? FileMode.Create : FileMode.Append))
        {
            if (period.IsBase)
            {
                persons.Write(Encoding.UTF8.GetBytes(TruthFiles.PersonsHeader + "\n"));
                truthRows.Write(Encoding.UTF8.GetBytes(TruthFiles.RowsHeader + "\n"));
            }
            for (var i = 0; i < results.Length; i++)
            {
                Append(Path.Combine(parts, $"persons-{i:D2}.csv"), persons);
                Append(Path.Combine(parts, $"rows-{i:D2}.csv"), truthRows);
            }
            if (period.IsBase) Append(Path.Combine(parts, "rows-employers.csv"), truthRows);
        }
        Directory.Delete(parts, true);

        var counter = new FaultCounter();
        foreach (var r in results) counter.Add(r.Faults);
        var perFeed = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var r in results)
            foreach (var (feed, n) in r.RowsPerFeed) perFeed[feed] = perFeed.GetValueOrDefault(feed) + n;
        if (period.IsBase) perFeed[FeedCatalog.Employers.Id] = employerRows;

        TruthFiles.AppendFaults(Path.Combine(truthDir, "faults.csv"), period, rates, counter);
        File.WriteAllText(Path.Combine(truthDir, "README.md"), TruthFiles.Readme, new UTF8Encoding(false));
        manifest.Write(manifestPath);
        var files = results.Sum(r => r.Files) + (period.IsBase ? 1 : 0);
        return new GenerateSummary(period.Name, period.IsBase, results.Sum(r => r.TruthPersons), files, perFeed, counter);
    }

    private static void Append(string part, Stream target)
    {
        if (!File.Exists(part)) return;
        using var s = File.OpenRead(part);
        s.CopyTo(target);
    }

    private sealed record DistrictResult(long TruthPersons, int Files, Dictionary<string, long> RowsPerFeed, FaultCounter Faults);

    private static DistrictResult GenerateDistrict(string outDir, string parts, District d, int count, Population population,
        FeedRows rows, IReadOnlyList<FeedSpec> feeds, PeriodWindow period, string cityCode)
    {
        var counter = new FaultCounter();
        var styles = feeds.Select(f => rows.StyleFor(f, d.Index)).ToArray();
        var names = feeds.Select((f, i) => $"{f.Id}/{period.Name}-{d.Code}.{styles[i].Extension}").ToArray();
        var sinks = feeds.Select((f, i) => DropSink.Open(Path.Combine(outDir, "drops", names[i]), f, styles[i], parts)).ToArray();
        long truthPersons = 0;
        try
        {
            using var personsOut = new StreamWriter(Path.Combine(parts, $"persons-{d.Index:D2}.csv"), false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
            using var rowsOut = new StreamWriter(Path.Combine(parts, $"rows-{d.Index:D2}.csv"), false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
            var buffer = new List<DropRow>(8);
            var line = new StringBuilder(256);
            foreach (var p in population.Persons(d, count))
            {
                if (!p.KnownBy(period.End)) continue;
                truthPersons++;
                TruthFiles.WritePerson(personsOut, line, p, period, cityCode);
                for (var i = 0; i < feeds.Count; i++)
                {
                    buffer.Clear();
                    rows.Build(feeds[i], p, styles[i], buffer, counter);
                    foreach (var r in buffer)
                    {
                        var n = sinks[i].Write(r);
                        TruthFiles.WriteRow(rowsOut, line, feeds[i].Id, names[i], n, r);
                    }
                }
            }
            foreach (var s in sinks) s.Complete();
        }
        finally
        {
            foreach (var s in sinks) s.Dispose();
        }
        var perFeed = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < feeds.Count; i++) perFeed[feeds[i].Id] = sinks[i].Rows;
        return new DistrictResult(truthPersons, sinks.Length, perFeed, counter);
    }

    private static long WriteEmployers(string outDir, string parts, EmployerPool employers, PeriodWindow period, string cityCode)
    {
        var feed = FeedCatalog.Employers;
        Directory.CreateDirectory(Path.Combine(outDir, "drops", feed.Id));
        var name = $"{feed.Id}/{period.Name}-{cityCode}.xlsx";
        using var sink = new XlsxSink(Path.Combine(outDir, "drops", name), feed, parts);
        using var rowsOut = new StreamWriter(Path.Combine(parts, "rows-employers.csv"), false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        var line = new StringBuilder(128);
        for (var k = 0; k < employers.Count; k++)
        {
            var e = employers.Get(k);
            var row = new DropRow { Values = [e.Uscc, e.Name] };
            TruthFiles.WriteRow(rowsOut, line, feed.Id, name, sink.Write(row), row);
        }
        sink.Complete();
        return sink.Rows;
    }
}

/// <summary>The run manifest (truth/generation.json): what a later period must repeat.</summary>
/// <param name="Seed">Seed.</param>
/// <param name="Persons">Latent city size.</param>
/// <param name="City">City code.</param>
/// <param name="BasePeriod">First period written.</param>
/// <param name="Periods">Every period written, in order.</param>
/// <param name="FaultRates">Fault rates.</param>
public sealed record Manifest(ulong Seed, int Persons, string City, string BasePeriod, IReadOnlyList<string> Periods, IReadOnlyDictionary<string, double> FaultRates)
{
    /// <summary>Fails when a later run's arguments differ from this folder's.</summary>
    /// <exception cref="ArgumentException">Seed, size, city or fault rates differ.</exception>
    public void CheckSame(GenerateOptions o, IReadOnlyDictionary<string, double> rates)
    {
        if (o.Seed != Seed || o.Persons != Persons || o.City != City)
            throw new ArgumentException($"{o.OutDir} was generated with --seed {Seed} --persons {Persons} --city {City}; a later period must use the same");
        if (Faults.All.Any(f => rates[f] != FaultRates.GetValueOrDefault(f)))
            throw new ArgumentException($"{o.OutDir} was generated with other fault rates (see truth/{CityGenerator.ManifestName}); a later period must use the same");
    }

    /// <summary>Writes the manifest as indented JSON with a fixed key order.</summary>
    public void Write(string path)
    {
        using var stream = new FileStream(path, FileMode.Create);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteNumber("seed", Seed);
        w.WriteNumber("persons", Persons);
        w.WriteString("city", City);
        w.WriteString("base_period", BasePeriod);
        w.WriteStartArray("periods");
        foreach (var p in Periods) w.WriteStringValue(p);
        w.WriteEndArray();
        w.WriteStartObject("fault_rates");
        foreach (var f in Faults.All) w.WriteNumber(f, FaultRates.GetValueOrDefault(f));
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Reads a manifest.</summary>
    /// <exception cref="InvalidDataException">The file is not a manifest this version wrote.</exception>
    public static Manifest Read(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var r = doc.RootElement;
            var rates = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var p in r.GetProperty("fault_rates").EnumerateObject()) rates[p.Name] = p.Value.GetDouble();
            return new Manifest(r.GetProperty("seed").GetUInt64(), r.GetProperty("persons").GetInt32(), r.GetProperty("city").GetString()!,
                r.GetProperty("base_period").GetString()!, r.GetProperty("periods").EnumerateArray().Select(e => e.GetString()!).ToArray(), rates);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: not a generation manifest ({e.Message})", e);
        }
    }
}
