using System.Diagnostics;
using Canbao.Domain.Changes;
using Canbao.Domain.Persons;
using Canbao.Store.Sqlite;
using Xunit.Abstractions;
using static Canbao.Store.Tests.TestData;

namespace Canbao.Store.Tests;

/// <summary>
/// Measurement, not a test: runs only with CANBAO_STORE_BENCH=1 and prints figures (nothing timed is asserted).
/// <c>CANBAO_STORE_BENCH=1 /usr/bin/time -v dotnet test tests/Canbao.Store.Tests -c Release --filter StoreBenchmark --logger "console;verbosity=detailed"</c>
/// Persons: CANBAO_STORE_BENCH_PERSONS (default 1,000,000).
/// </summary>
public sealed class StoreBenchmark(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Sqlite_bulk_write_and_change_feed_rates()
    {
        Skip.If(Environment.GetEnvironmentVariable("CANBAO_STORE_BENCH") != "1", "measurement only: set CANBAO_STORE_BENCH=1");
        var n = int.TryParse(Environment.GetEnvironmentVariable("CANBAO_STORE_BENCH_PERSONS"), out var v) ? v : 1_000_000;
        var dir = Directory.CreateTempSubdirectory("canbao-bench-").FullName;
        try
        {
            // Warm-up (JIT) on a separate file, not measured.
            await new SqlitePersonStore(Path.Combine(dir, "warmup.db")).WriteChangedAsync(
                Enumerable.Range(0, 20_000).Select(i => Person(Id(i), hash: "w")).ToList());
            var store = new SqlitePersonStore(Path.Combine(dir, "persons.db"));
            var statuses = Enum.GetValues<CoverageStatus>();
            var persons = Enumerable.Range(0, n).Select(i => Person(Id(i), "6301" + (02 + i % 8).ToString("D2", System.Globalization.CultureInfo.InvariantCulture),
                statuses[i % statuses.Length], "h" + i.ToString("x8", System.Globalization.CultureInfo.InvariantCulture), "630102" + (i % 40).ToString("D3", System.Globalization.CultureInfo.InvariantCulture))).ToList();

            _cpuMark = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            var first = await store.WriteChangedAsync(persons);
            Report("bulk write (new)", n, sw.Elapsed, $"written {first.Written}");

            sw.Restart();
            var same = await store.WriteChangedAsync(persons);
            Report("bulk write (all unchanged)", n, sw.Elapsed, $"unchanged {same.Unchanged}");

            var tenth = persons.Where((_, i) => i % 10 == 0).Select(p => Person(p.Id, p.DistrictCode, CoverageStatus.Lapsed, p.ContentHash + "'", p.TownshipCode)).ToList();
            sw.Restart();
            var changed = await store.WriteChangedAsync(persons.Where((_, i) => i % 10 != 0).Concat(tenth).ToList());
            Report("bulk write (10% changed)", n, sw.Elapsed, $"written {changed.Written}, unchanged {changed.Unchanged}");

            sw.Restart();
            string? cont = null;
            var read = 0;
            while (true)
            {
                var page = await store.ReadChangesAsync(cont, 10_000);
                if (page.Changes.Count == 0) break;
                read += page.Changes.Count;
                cont = page.Continuation;
            }
            Report("change-feed catch-up (pages of 10,000)", read, sw.Elapsed, $"read {read}");

            sw.Restart();
            var consumed = await SqliteChangeFeed.CreateConsumer(Path.Combine(dir, "persons.db"), store, new() { PageSize = 5_000 }).CatchUpAsync();
            Report("change-feed consumer catch-up (3 handlers, pages of 5,000)", (int)consumed.Changes, sw.Elapsed,
                $"applied {consumed.Applied}, parked {consumed.Parked}");

            var events = Enumerable.Range(0, Math.Min(n, 20_000)).Select(i => Event(ChangeEventKind.EnrollmentStatusChange, Id(i), "2026-11-05", "social_insurance",
                insurance: Domain.Standard.InsuranceType.ResidentMedical, status: Domain.Standard.EnrollmentStatus.Suspended)).ToList();
            sw.Restart();
            var report = await new ChangeEventProcessor(store).ApplyAsync(events);
            Report("change events applied (read-modify-write + log)", events.Count, sw.Elapsed, $"applied {report.Applied}");
            output.WriteLine($"database file: {new FileInfo(Path.Combine(dir, "persons.db")).Length / 1_048_576} MiB");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private TimeSpan _cpuMark = Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>Wall-clock rate and the process CPU time spent (CPU time is the fairer figure on a shared machine).</summary>
    private void Report(string what, int count, TimeSpan t, string detail)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var used = cpu - _cpuMark;
        _cpuMark = cpu;
        output.WriteLine($"{what}: {count:N0} in {t.TotalSeconds:F2} s wall = {count / t.TotalSeconds:N0}/s; CPU {used.TotalSeconds:F2} s = {count / used.TotalSeconds:N0}/CPU-s ({detail})");
    }
}
