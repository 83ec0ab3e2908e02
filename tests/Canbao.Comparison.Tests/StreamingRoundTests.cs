using Canbao.Domain.Validation;
using Canbao.Comparison;

namespace Canbao.Comparison.Tests;

/// <summary>The streaming round (rows spilled per partition, outputs appended per partition) gives what the in-memory one gives.</summary>
public class StreamingRoundTests
{
    private static readonly string Zhao = Build.Id("63010219800101001");
    private static readonly string Qian = Build.Id("63010219900505002");
    private static readonly string Sun = Build.Id("630102198507070031"[..17]);

    /// <summary>Resolution paths: valid IDs from two feeds, a typo linked, a 15-digit legacy ID, a zeroed ID that passes the check, a person known only from an enrollment.</summary>
    private static List<SourceRow> Drops() =>
    [
        .. World.Background(400),
        Build.Registry(Zhao, "赵子龙", "630102003"),
        Build.Enroll(Zhao, "赵子龙", "170"),
        Build.Enroll(Build.BadCheck(Zhao), "赵子龙", "390"),
        Build.Enroll(Zhao[..15] + "000", "赵子龙", "310"),
        Build.Registry(Qian, "钱多多", "630102001", "城东区八一路9号"),
        Build.Enroll(Qian[..6] + Qian[8..17], "钱多多", "390"),
        Build.Registry(Sun, "孙悟空", "630103002", "城中区南大街7号"),
        Build.Enroll(Build.Id("63010319700101499"), "", "390"),
    ];

    private static string Describe(ResolvedRow r) =>
        $"{r.Row.Feed}|{r.Row.Drop}|{r.Row.Row}|{r.LinkedBy}|{r.IdText}|{string.Join(';', r.Row.Fields.Select(f => f.Key + "=" + f.Value))}";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    public void Spilled_partitions_hold_the_same_rows_per_person_as_the_in_memory_resolution(int partitions)
    {
        var rows = Drops();
        var expected = Resolver.Resolve(rows, Build.Date);
        using var spill = new RowSpill(Path.GetTempPath(), 8);
        var builder = new ResolutionBuilder(Build.Date, null, spill.Write);
        foreach (var r in rows) builder.Add(r);
        var (problems, counts) = builder.Finish();
        spill.Complete();

        Assert.Equal(expected.Counts, counts);
        Assert.Equal(expected.Problems, problems);
        Assert.Equal(2, counts.Linked); // the typo and the zeroed ID
        Assert.Equal(1, counts.Upgraded); // 钱多多's 15-digit ID
        var seen = new Dictionary<string, List<ResolvedRow>>(StringComparer.Ordinal);
        for (var p = 0; p < partitions; p++)
            foreach (var (id, list) in spill.Partition(p, partitions))
            {
                Assert.Equal(p, Partitioning.Of(id, partitions));
                seen.Add(id, list);
            }
        Assert.Equal(expected.Persons.Count, seen.Count);
        foreach (var (id, list) in expected.Persons)
            Assert.Equal(list.Select(Describe), seen[id].Select(Describe));
        Assert.Equal(4, seen[Zhao].Count); // registry, enrollment, the typo and the zeroed ID linked
        Assert.Equal(spill.Rows, expected.Persons.Sum(p => p.Value.Count));
    }

    [Fact]
    public void Spilled_values_come_back_exactly_whatever_their_length_or_script()
    {
        var id = Build.Id("63010219800101001");
        string[] values = ["", "赵子龙", "a,b\"c\n", new string('长', 40_000), "𠀀 emoji 😀", new string('x', 70_000)]; // 120 KB and 70 KB: over the 64 KB buffer
        using var spill = new RowSpill(Path.GetTempPath(), 1);
        for (var i = 0; i < values.Length; i++)
        {
            var fields = new Dictionary<string, string> { ["name"] = values[i], ["phone"] = values[^(i + 1)] };
            spill.Write(id, new ResolvedRow(new SourceRow("household_registry", "household_registry/2017-03.csv", i + 1L << 40, fields), "resident_id", i == 2 ? "630102800101001" : id));
        }
        // A validated row keeps its layout: a slot the validator left empty (null) is not a field, "" is one.
        string[] layout = ["name", "phone", "resident_id_raw"];
        spill.Write(id, new ResolvedRow(new SourceRow("tax", "tax/2017-03.csv", 1, new FieldRecord(layout, ["钱多多", null, ""])), "resident_id", id));
        spill.Complete();
        var (readId, all) = Assert.Single(spill.Partition(0, 1));
        var rows = all[..^1];
        var validated = all[^1].Row.Fields;
        Assert.Equal(["name", "resident_id_raw"], validated.Keys);
        Assert.False(validated.ContainsKey("phone"));
        Assert.Equal("", validated["resident_id_raw"]);
        Assert.Equal("钱多多", all[^1].Row.Get("name"));
        Assert.Equal(id, readId);
        Assert.Equal(values, rows.Select(r => r.Row.Get("name")));
        Assert.Equal(values.Reverse(), rows.Select(r => r.Row.Get("phone")));
        Assert.Equal(Enumerable.Range(0, values.Length).Select(i => i + 1L << 40), rows.Select(r => r.Row.Row)); // row numbers past 32 bits
        Assert.Equal("630102800101001", rows[2].IdText);
        Assert.All(rows.Where((_, i) => i != 2), r => Assert.Equal(id, r.IdText));
    }

    [Fact]
    public void A_partition_count_that_does_not_divide_the_buckets_is_refused()
    {
        using var spill = new RowSpill(Path.GetTempPath(), 8);
        spill.Complete();
        Assert.Throws<ArgumentException>(() => spill.Partition(0, 3).ToList());
    }

    [Fact]
    public async Task A_round_split_into_more_partitions_gives_the_same_persons_and_outputs()
    {
        var one = Path.Combine(Path.GetTempPath(), "canbao-stream-" + Guid.NewGuid().ToString("N"));
        var many = Path.Combine(Path.GetTempPath(), "canbao-stream-" + Guid.NewGuid().ToString("N"));
        try
        {
            var storeA = new MemoryStore();
            var storeB = new MemoryStore();
            var a = await new ComparisonRound(storeA, new RoundOptions("r", Build.Date, 2)).RunAsync(Drops(), 0, one);
            var b = await new ComparisonRound(storeB, new RoundOptions("r", Build.Date, 2) { RowsPerPartition = 20 }).RunAsync(Drops(), 0, many);
            Assert.Equal(404, a.Persons);
            Assert.Equal(a.Persons, b.Persons);
            Assert.Equal(a.Coverage, b.Coverage);
            Assert.Equal(a.SurveyTasks, b.SurveyTasks);
            Assert.Equal(a.RejectedRows, b.RejectedRows);
            Assert.Equal(a.Detail!.Problems, b.Detail!.Problems);
            Assert.Equal(storeA.Persons.Keys.Order(), storeB.Persons.Keys.Order());
            foreach (var (id, p) in storeA.Persons) Assert.Equal(p.ContentHash, storeB.Persons[id].ContentHash);
            foreach (var kind in new[] { "enrolled", "not_enrolled", "problems", "statistics" })
                Assert.Equal(File.ReadAllLines(a.Outputs[kind]).Order(StringComparer.Ordinal), File.ReadAllLines(b.Outputs[kind]).Order(StringComparer.Ordinal));
            var rostersA = Directory.GetFiles(a.Outputs["rosters"]).Select(Path.GetFileName).Order().ToList();
            Assert.Equal(rostersA, Directory.GetFiles(b.Outputs["rosters"]).Select(Path.GetFileName).Order());
            foreach (var f in rostersA)
                Assert.Equal(File.ReadAllLines(Path.Combine(a.Outputs["rosters"], f!)).Order(StringComparer.Ordinal),
                    File.ReadAllLines(Path.Combine(b.Outputs["rosters"], f!)).Order(StringComparer.Ordinal));
            var rosterLines = rostersA.Sum(f => File.ReadAllLines(Path.Combine(a.Outputs["rosters"], f!)).Length - 1);
            Assert.Equal(a.SurveyTasks, rosterLines);
        }
        finally
        {
            foreach (var d in new[] { one, many }) if (Directory.Exists(d)) Directory.Delete(d, true);
        }
    }

    [Fact]
    public async Task Outputs_appended_per_partition_equal_the_outputs_written_at_once()
    {
        var store = new MemoryStore();
        await new ComparisonRound(store, new RoundOptions("r", Build.Date, 2)).RunAsync(Drops(), 0, null);
        var persons = store.Persons.Values.OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
        var problems = new List<Problem> { new(ProblemKinds.PossibleMatch, Zhao, "x", "enrollment", "enrollment/d1.csv", 3, "weight 12") };
        var once = Path.Combine(Path.GetTempPath(), "canbao-out-" + Guid.NewGuid().ToString("N"));
        var parts = Path.Combine(Path.GetTempPath(), "canbao-out-" + Guid.NewGuid().ToString("N"));
        try
        {
            var files = RoundOutputWriter.Write(once, persons, problems);
            using (var outputs = new RoundOutputs(parts))
            {
                outputs.Append(persons.Where((_, i) => i % 2 == 1));
                outputs.AppendProblems(problems);
                outputs.Append(persons.Where((_, i) => i % 2 == 0));
                outputs.Complete();
            }
            foreach (var name in new[] { "enrolled.csv", "not_enrolled.csv", "problems.csv", "statistics.csv" })
                Assert.Equal(File.ReadAllLines(Path.Combine(once, name)).Order(StringComparer.Ordinal), File.ReadAllLines(Path.Combine(parts, name)).Order(StringComparer.Ordinal));
            Assert.Equal(File.ReadAllLines(files["statistics"]), File.ReadAllLines(Path.Combine(parts, "statistics.csv"))); // districts in order, same counts
            Assert.Equal(2, File.ReadAllLines(Path.Combine(parts, "problems.csv")).Length);
        }
        finally
        {
            foreach (var d in new[] { once, parts }) if (Directory.Exists(d)) Directory.Delete(d, true);
        }
    }
}
