using System.CommandLine;
using System.Text.Json;
using Canbao.Cli.Commands;

namespace Canbao.Cli.Tests;

/// <summary><c>canbao run</c>: a folder without drops is refused, outputs go beside the store by default.</summary>
[Collection("console")]
public sealed class RunCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("canbao-run-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try { return (await new RootCommand { RunCommand.Create() }.Parse(["run", .. args]).InvokeAsync(), stdout.ToString(), stderr.ToString()); }
        finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
    }

    [Fact]
    public async Task An_empty_drops_folder_is_refused_with_exit_2_and_nothing_written()
    {
        var drops = Directory.CreateDirectory(Path.Combine(_dir, "city", "drops")).FullName;
        File.WriteAllText(Path.Combine(drops, "notes.txt"), "not a drop"); // a file outside any feed folder is no drop either
        var store = Path.Combine(_dir, "city.db");
        var (exit, _, err) = await Run("--drops", drops, "--store", store);
        Assert.Equal(2, exit);
        Assert.Contains($"no drops found in {drops}", err);
        Assert.False(File.Exists(store));
        Assert.False(Directory.Exists(Path.Combine(_dir, "city", "round")));
        Assert.False(Directory.Exists(Path.Combine(_dir, "city.round")));
    }

    [Fact]
    public async Task Outputs_default_to_a_folder_named_after_the_store_beside_it()
    {
        var drops = Directory.CreateDirectory(Path.Combine(_dir, "city", "drops", "household_registry")).FullName;
        File.Copy(Path.Combine(DemoFixture.SampleCity(), "drops", "household_registry", "2017-03-630123.csv"), Path.Combine(drops, "2017-03-630123.csv"));
        var store = Path.Combine(_dir, "persons.db");
        var (exit, output, err) = await Run("--drops", Path.Combine(_dir, "city"), "--store", store, "--json");
        Assert.True(exit == 0, err);
        var outputs = JsonDocument.Parse(output).RootElement.GetProperty("outputs");
        Assert.Equal(Path.Combine(_dir, "persons.round", "enrolled.csv"), outputs.GetProperty("enrolled").GetString());
        Assert.True(File.Exists(Path.Combine(_dir, "persons.round", "statistics.csv")));
        Assert.False(Directory.Exists(Path.Combine(_dir, "city", "round")));
        Assert.False(Directory.Exists(Path.Combine(_dir, "round")));
    }
}
