using System.Text;
using BenchmarkDotNet.Attributes;
using Canbao.Domain.Standard;
using Canbao.Domain.Validation;
using Canbao.Ingestion;

namespace Canbao.Benchmarks;

/// <summary>
/// Validate throughput of the registration form: whole drop read (encoding check, parse, header mapping, full domain
/// validation) on one thread. Reported per row (OperationsPerInvoke = rows), so rows/s per core = 1 / mean.
/// <see cref="ValidatorOnly"/> runs the domain validator alone on pre-split values, to show where the time goes.
/// </summary>
[MemoryDiagnoser]
public class IngestionBenchmarks
{
    public const int Rows = 100_000;
    private static readonly ValidationContext Context = ValidationContext.For(new DateOnly(2026, 11, 29));
    private string _dir = "";
    private string _utf8 = "", _gb = "", _xlsx = "";
    private string[][] _values = [];
    private RecordValidator _validator = null!;

    [GlobalSetup]
    public void Setup()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        _dir = Directory.CreateTempSubdirectory("canbao-bench-").FullName;
        _utf8 = Path.Combine(_dir, "registration-utf8.csv");
        _gb = Path.Combine(_dir, "registration-gb18030.csv");
        _xlsx = Path.Combine(_dir, "registration.xlsx");
        RegistrationDrops.WriteCsv(_utf8, Rows, new UTF8Encoding(false));
        RegistrationDrops.WriteCsv(_gb, Rows, Encoding.GetEncoding(54936));
        RegistrationDrops.WriteXlsx(_xlsx, Rows);
        var feed = FeedCatalog.Registration;
        _validator = new RecordValidator(feed, new string?[feed.Fields.Count], Context);
        _values = SplitValues(Rows);
        // Sanity: every generated row must be accepted, or the figures measure the error path.
        foreach (var path in new[] { _utf8, _gb, _xlsx })
        {
            var summary = Read(path);
            if (summary.Error is not null || summary.Rows != Rows || summary.Rejected != 0)
                throw new InvalidOperationException($"{Path.GetFileName(path)}: {summary}");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, true);

    [Benchmark(OperationsPerInvoke = Rows)]
    public long Utf8Csv() => Read(_utf8).Rows;

    /// <summary>The same UTF-8 drop read against the registration columns as plain text (no ID, date, phone … checks): the reader's own cost.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public long Utf8CsvReaderOnly() => Read(_utf8, TextFeed).Rows;

    [Benchmark(OperationsPerInvoke = Rows)]
    public long Gb18030Csv() => Read(_gb).Rows;

    [Benchmark(OperationsPerInvoke = Rows)]
    public long Xlsx() => Read(_xlsx).Rows;

    [Benchmark(OperationsPerInvoke = Rows)]
    public long ValidatorOnly()
    {
        long accepted = 0;
        for (var i = 0; i < _values.Length; i++)
            if (_validator.Validate(i + 1, _values[i]).Outcome != RowOutcome.Rejected) accepted++;
        return accepted;
    }

    /// <summary>The registration columns as plain text (no ID, date, phone … checks): measures the reader's own cost.</summary>
    public static readonly FeedSpec TextFeed = new("bench_text", "-", "registration columns as text", FeedRole.Population,
        FeedCatalog.Registration.Fields.Select(f => new FeedField(f.Field with { Kind = FieldKind.Text }, false, f.Header)).ToList());

    /// <summary>The first <paramref name="rows"/> generated rows split into values in the order of the registration feed's fields.</summary>
    public static string[][] SplitValues(int rows)
    {
        var feed = FeedCatalog.Registration;
        return Enumerable.Range(0, rows).Select(i =>
        {
            var row = RegistrationDrops.Row(i);
            var v = new string[feed.Fields.Count];
            for (var f = 0; f < feed.Fields.Count; f++)
            {
                var c = Array.IndexOf(RegistrationDrops.Header, feed.Fields[f].Header);
                v[f] = c >= 0 ? row[c] : null!;
            }
            return v;
        }).ToArray();
    }

    private static DropSummary Read(string path, FeedSpec? feed = null)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var reading = DropReader.Read(stream, Path.GetFileName(path), feed ?? FeedCatalog.Registration, Context);
        foreach (var _ in reading.Rows) { }
        return reading.Summary;
    }
}
