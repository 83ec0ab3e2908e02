using Canbao.Comparison;
using Canbao.Domain.Persons;
using Canbao.Store.Sqlite;

namespace Canbao.Comparison.Tests;

/// <summary>The round over the embedded SQLite store: stored persons read in bulk, an operator's change kept by a re-run.</summary>
public sealed class SqliteRoundTests : IDisposable
{
    private static readonly string Zhao = Build.Id("63010219800101001");
    private readonly string _dir = Directory.CreateTempSubdirectory("canbao-sqlite-round-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static List<SourceRow> Drops() => [.. World.Background(50), Build.Registry(Zhao, "赵子龙", "630102003")];

    [Fact]
    public async Task ReadMany_returns_the_stored_persons_with_their_etags_and_leaves_out_unknown_ids()
    {
        var store = new SqlitePersonStore(Path.Combine(_dir, "persons.db"));
        var first = await new ComparisonRound(store, new RoundOptions("r1", Build.Date, 2)).RunAsync(Drops(), 0, null);
        Assert.Equal(51, first.ChangedPersons);
        var unknown = Build.Id("63010219800101002");
        var found = await store.ReadManyAsync([Zhao, unknown]);
        Assert.Equal([Zhao], found.Keys);
        Assert.Equal("赵子龙", found[Zhao].Person.Name);
        Assert.Equal((await store.ReadAsync(Zhao))!.ETag, found[Zhao].ETag);
        var all = await store.ReadManyAsync(Drops().Select(r => r.Get("resident_id")).Distinct().ToList());
        Assert.Equal(51, all.Count); // every person of the round
    }

    [Fact]
    public async Task A_rerun_keeps_the_survey_result_an_operator_stored_between_rounds()
    {
        var store = new SqlitePersonStore(Path.Combine(_dir, "persons.db"));
        await new ComparisonRound(store, new RoundOptions("r1", Build.Date, 2)).RunAsync(Drops(), 0, null);
        var stored = (await store.ReadAsync(Zhao))!;
        Assert.Equal(RecordMerger.OpenSurveyStatus, stored.Person.Survey!.Status); // not enrolled: on the roster
        stored.Person.Survey = stored.Person.Survey with { Status = "unreachable" };
        await store.ReplaceAsync(stored.Person, stored.Dynamics, stored.ETag);

        var outDir = Path.Combine(_dir, "out");
        var again = await new ComparisonRound(store, new RoundOptions("r2", Build.Date, 2)).RunAsync(Drops(), 0, outDir);
        Assert.Equal(0, again.ChangedPersons);
        Assert.Equal("unreachable", (await store.ReadAsync(Zhao))!.Person.Survey!.Status);
        var roster = File.ReadAllText(Path.Combine(outDir, "rosters", "630102003.csv"));
        Assert.Contains(Zhao, roster); // the stored record (with its survey state) is what the outputs list
    }
}
