using System.Diagnostics;
using System.Text;
using Canbao.Domain.Standard;
using Canbao.Domain.Validation;
using Canbao.Ingestion;

namespace Canbao.Benchmarks;

/// <summary>
/// Load-independent throughput: reads a drop through <see cref="DropReader"/> several times in this process and reports
/// process CPU time (user + system, all threads incl. GC) per row and rows per CPU-second, median and best of the passes
/// (the best is the least disturbed by other processes on a loaded machine). The first pass warms up
/// (JIT, tiering) and is not counted. Also reports bytes allocated per row. Same for the validator alone on pre-split values and the reader alone (columns as text).
/// </summary>
public static class CpuTimeMeasure
{
    private static readonly ValidationContext Context = ValidationContext.For(new DateOnly(2026, 11, 29));

    /// <summary>Runs the measurement and writes one line per path to the console.</summary>
    public static void Run(string csvPath, int passes)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Measure("full validation", passes, () => Read(csvPath, FeedCatalog.Registration));
        Measure("reader only (columns as text)", passes, () => Read(csvPath, IngestionBenchmarks.TextFeed));
        var feed = FeedCatalog.Registration;
        var validator = new RecordValidator(feed, new string?[feed.Fields.Count], Context);
        var values = IngestionBenchmarks.SplitValues(100_000);
        Measure("validator alone (100,000 pre-split rows)", passes, () =>
        {
            long rows = 0;
            for (var i = 0; i < values.Length; i++)
                if (validator.Validate(i + 1, values[i]).Outcome != RowOutcome.Rejected) rows++;
            if (rows != values.Length) throw new InvalidOperationException($"{values.Length - rows} rows rejected");
            return rows;
        });
    }

    private static void Measure(string what, int passes, Func<long> pass)
    {
        var process = Process.GetCurrentProcess();
        var cold0 = process.TotalProcessorTime;
        var coldRows = pass(); // warm-up: JIT and tiering happen here, as in a fresh `canbao validate`
        process.Refresh();
        var cold = (process.TotalProcessorTime - cold0).TotalSeconds / coldRows * 1e6;
        var perRow = new List<double>(passes);
        long rows = 0, allocated = 0;
        for (var p = 0; p < passes; p++)
        {
            GC.Collect();
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var allocated0 = GC.GetTotalAllocatedBytes(precise: true);
            var n = pass();
            allocated += GC.GetTotalAllocatedBytes(precise: true) - allocated0;
            process.Refresh();
            perRow.Add((process.TotalProcessorTime - cpu0).TotalSeconds / n * 1e6);
            rows += n;
        }
        perRow.Sort();
        var median = perRow[perRow.Count / 2];
        Console.WriteLine($"{what,-42} {passes} × {rows / passes:N0} rows  CPU per row: median {median,5:F2} µs, best {perRow[0],5:F2} µs" +
            $"  = {1e6 / median,10:N0} rows per CPU-second (best {1e6 / perRow[0]:N0})  {allocated / rows,6:N0} B/row; first pass {cold:F2} µs/row ({cold * coldRows / 1e6:F2} s)");
    }

    private static long Read(string path, FeedSpec feed)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var reading = DropReader.Read(stream, Path.GetFileName(path), feed, Context);
        foreach (var _ in reading.Rows) { }
        var summary = reading.Summary;
        if (summary.Error is not null || summary.Rejected != 0) throw new InvalidOperationException(summary.ToString());
        return summary.Rows;
    }
}
