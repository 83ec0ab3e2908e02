using Canbao.Comparison;

namespace Canbao.Comparison.Tests;

public class RoundTests
{
    private static readonly string Zhao = Build.Id("63010219800101001");

    private static List<SourceRow> Drops(string status = "参保缴费") =>
    [
        .. World.Background(300),
        Build.Registry(Zhao, "赵子龙", "630102003"),
        Build.Enroll(Zhao, "赵子龙", "170", status),
        Build.Enroll(Build.BadCheck(Zhao), "赵子龙", "390"),
    ];

    [Fact]
    public async Task Round_writes_persons_outputs_and_a_rerun_changes_nothing()
    {
        var store = new MemoryStore();
        var outDir = Path.Combine(Path.GetTempPath(), "canbao-round-" + Guid.NewGuid().ToString("N"));
        try
        {
            var round = new ComparisonRound(store, new RoundOptions("r1", Build.Date, Partitions: 4));
            var first = await round.RunAsync(Drops(), 0, outDir);
            Assert.Equal(301, first.Persons);
            Assert.Equal(301, first.ChangedPersons);
            Assert.Equal(300, first.Coverage["not_enrolled"]);
            Assert.Equal(1, first.Coverage["fully_enrolled"]);
            Assert.Equal(300, first.SurveyTasks);
            Assert.Equal(0, first.RejectedRows);
            Assert.Contains(Zhao, File.ReadAllText(first.Outputs["enrolled"]));
            Assert.True(File.Exists(Path.Combine(first.Outputs["rosters"], "630103002.csv")));
            var stats = File.ReadAllLines(first.Outputs["statistics"]);
            Assert.Equal(3, stats.Length); // header + 630102 + 630103

            var again = await new ComparisonRound(store, new RoundOptions("r2", Build.Date, Partitions: 2)).RunAsync(Drops(), 0, outDir);
            Assert.Equal(0, again.ChangedPersons);
            Assert.Equal(first.Coverage, again.Coverage);

            var changed = await new ComparisonRound(store, new RoundOptions("r3", Build.Date)).RunAsync(Drops("暂停缴费"), 0, outDir);
            Assert.Equal(1, changed.ChangedPersons);
            Assert.Equal(1, changed.Coverage["lapsed"]);
        }
        finally { if (Directory.Exists(outDir)) Directory.Delete(outDir, true); }
    }

    [Fact]
    public async Task Partitions_together_cover_every_person_once()
    {
        var resolution = Resolver.Resolve(Drops(), Build.Date);
        var reference = ComparisonRound.Register("test/" + Guid.NewGuid(), resolution);
        try
        {
            var store = new MemoryStore();
            var round = new ComparisonRound(store, new RoundOptions("r", Build.Date, 3));
            var counts = new List<PartitionCounts>();
            for (var p = 0; p < 3; p++) counts.Add(await round.RunPartitionAsync(new PartitionWork("r", p, 3, reference)));
            Assert.Equal(301, counts.Sum(c => c.Persons));
            Assert.All(counts, c => Assert.True(c.Persons > 0));
            Assert.Equal(301, store.Persons.Count);
        }
        finally { ComparisonRound.Unregister(reference); }
    }

    [Fact]
    public void Content_hash_ignores_where_identical_data_came_from()
    {
        var a = Resolver.Resolve([Build.Registry(Zhao, "赵子龙")], Build.Date).Persons[Zhao];
        var b = a.Select(r => r with { Row = r.Row with { Drop = "household_registry/2017-06-630102.csv", Row = 99 } }).ToList();
        var pa = PersonAssembler.Assemble(Zhao, a, Build.Date, Canbao.Domain.Coverage.CoverageClassifier.Default);
        var pb = PersonAssembler.Assemble(Zhao, b, Build.Date, Canbao.Domain.Coverage.CoverageClassifier.Default);
        Assert.Equal(ContentHasher.Compute(pa), ContentHasher.Compute(pb));
        pb.Name = "x";
        Assert.NotEqual(ContentHasher.Compute(pa), ContentHasher.Compute(pb));
    }
}
