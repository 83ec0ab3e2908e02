using Canbao.Domain.Standard;
using Canbao.Domain.Validation;
using Canbao.Ingestion;
using Canbao.Synthetic;

namespace Canbao.Synthetic.Tests;

/// <summary>Every drop is read back by the ingestion readers (the code behind <c>canbao validate</c>), and every row's
/// outcome is the one the truth expects.</summary>
[Collection(GeneratedCity.Collection)]
public sealed class ReadabilityTests(GeneratedCity city)
{
    [Fact]
    public void Every_drop_is_readable_and_every_row_gets_the_outcome_the_truth_expects()
    {
        var (rows, formats) = AssertReadBack(city.Default);
        Assert.True(rows > 5000);
        Assert.True(formats.Count >= 4, string.Join(", ", formats));
    }

    /// <summary>
    /// Reads every drop under <paramref name="cityDir"/>/drops with <see cref="DropReader"/> and asserts each row's outcome
    /// and each file's counts are the ones truth/rows.csv expects; returns the rows read and the format/encoding pairs seen.
    /// </summary>
    public static (long Rows, HashSet<string> Formats) AssertReadBack(string cityDir)
    {
        var truth = GeneratedCity.ReadCsv(Path.Combine(cityDir, "truth", "rows.csv"))
            .GroupBy(r => r["file"]).ToDictionary(g => g.Key, g => g.ToDictionary(r => long.Parse(r["row"]), r => r));
        var drops = Path.Combine(cityDir, "drops");
        var files = Directory.GetFiles(drops, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        Assert.All(truth.Keys, f => Assert.True(File.Exists(Path.Combine(drops, f)), f));
        var formats = new HashSet<string>();
        var mismatches = new List<string>();
        long rows = 0;
        foreach (var path in files)
        {
            var rel = Path.GetRelativePath(drops, path).Replace('\\', '/');
            var feed = FeedCatalog.Get(rel[..rel.IndexOf('/')]);
            var period = Path.GetFileName(path)[..7];
            using var stream = File.OpenRead(path);
            using var reading = DropReader.Read(stream, Path.GetFileName(path), feed, ValidationContext.For(PeriodWindow.ParseEnd(period)));
            var fileTruth = truth.GetValueOrDefault(rel) ?? [];
            foreach (var row in reading.Rows)
            {
                var expected = fileTruth[row.Result.Row];
                var outcome = row.Result.Outcome.ToString().ToLowerInvariant();
                if (outcome != expected["expected_outcome"])
                    mismatches.Add($"{rel} row {row.Result.Row} fault '{expected["fault"]}': expected {expected["expected_outcome"]}, got {outcome} ({string.Join("; ", row.Result.Issues.Select(i => i.Column + ":" + i.Issue.Code))})");
                rows++;
            }
            var summary = reading.Summary;
            Assert.True(summary.Error is null, $"{rel}: {summary.Error?.Code} {summary.Error?.Message}");
            var counts = (fileTruth.Count, Accepted: fileTruth.Values.Count(r => r["expected_outcome"] == "accepted"),
                Held: fileTruth.Values.Count(r => r["expected_outcome"] == "held"), Rejected: fileTruth.Values.Count(r => r["expected_outcome"] == "rejected"));
            if (counts != (summary.Rows, summary.Accepted, summary.Held, summary.Rejected))
                mismatches.Add($"{rel}: truth expects rows/accepted/held/rejected {counts}, read {(summary.Rows, summary.Accepted, summary.Held, summary.Rejected)}");
            formats.Add(summary.Format + "/" + summary.Encoding);
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(30)));
        return (rows, formats);
    }
}
