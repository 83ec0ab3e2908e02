using System.CommandLine;
using System.Text.Json;
using Canbao.Cli.Commands;

namespace Canbao.Cli.Tests;

/// <summary><c>canbao evaluate</c>: a store that holds (almost) none of the truth's persons is said to be unrelated, not scored.</summary>
[Collection("console")]
public sealed class EvaluateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("canbao-evaluate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<(int Exit, string Out, string Err)> Cli(params string[] args)
        => CliConsole.InvokeAsync(new RootCommand { RunCommand.Create(), EvaluateCommand.Create() }, args);

    /// <summary>A store after a round over one household-registry drop of the sample city (130 persons of its ~2,000).</summary>
    private async Task<string> OneDropStoreAsync()
    {
        var feed = Directory.CreateDirectory(Path.Combine(_dir, "drops", "household_registry")).FullName;
        File.Copy(Path.Combine(DemoFixture.SampleCity(), "drops", "household_registry", "2017-03-630123.csv"), Path.Combine(feed, "2017-03-630123.csv"));
        var store = Path.Combine(_dir, "city.db");
        var (exit, _, err) = await Cli("run", "--drops", Path.Combine(_dir, "drops"), "--store", store, "--date", "2017-03-31", "--json");
        Assert.True(exit == 0, err);
        return store;
    }

    [Fact]
    public async Task A_store_holding_none_of_the_truths_persons_is_reported_on_stderr_with_exit_2()
    {
        var store = await OneDropStoreAsync();
        // Another city's truth: three persons, none of them in the store.
        var truth = Directory.CreateDirectory(Path.Combine(_dir, "other", "truth")).FullName;
        File.WriteAllLines(Path.Combine(truth, "persons.csv"), [
            "resident_id,period,coverage_status",
            "110105199003071239,2017-03,fully_enrolled", "110105198001011236,2017-03,not_enrolled", "110105197512121231,2017-03,lapsed"]);
        File.WriteAllLines(Path.Combine(truth, "rows.csv"), [
            "feed,file,row,resident_id,fault,expected_outcome",
            "household_registry,household_registry/2017-03-110105.csv,1,110105199003071239,,accepted"]);

        var (exit, output, err) = await Cli("evaluate", "--truth", Path.Combine(_dir, "other"), "--store", store, "--json");
        Assert.Equal(2, exit);
        Assert.Equal($"canbao evaluate: the store {store} holds 0 of the truth's 3 persons: it is not the store of a round over this city's drops (check --store and --truth); the figures below do not measure the round",
            err.TrimEnd());
        var result = JsonDocument.Parse(output).RootElement;
        Assert.Equal(3, result.GetProperty("truth_persons").GetInt32());
        Assert.Equal(0, result.GetProperty("truth_persons_in_store").GetInt32());

        var text = await Cli("evaluate", "--truth", Path.Combine(_dir, "other"), "--store", store);
        Assert.Equal(2, text.Exit);
        Assert.Contains("holds 0 of the truth's 3 persons", text.Err);
        Assert.Contains("truth persons in the store: 0 of 3", text.Out);
    }

    [Fact]
    public async Task A_round_over_part_of_the_city_is_scored_without_the_warning()
    {
        var store = await OneDropStoreAsync();
        var (exit, output, err) = await Cli("evaluate", "--truth", DemoFixture.SampleCity(), "--store", store, "--json");
        Assert.True(exit == 0, err);
        Assert.Equal("", err);
        var result = JsonDocument.Parse(output).RootElement;
        Assert.Equal(130, result.GetProperty("truth_persons_in_store").GetInt32());
        Assert.True(result.GetProperty("truth_persons").GetInt32() > 1_900);
    }
}
