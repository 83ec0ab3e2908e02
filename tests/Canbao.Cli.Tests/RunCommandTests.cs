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

    private static Task<(int Exit, string Out, string Err)> Run(params string[] args)
        => CliConsole.InvokeAsync(new RootCommand { RunCommand.Create() }, ["run", .. args]);

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

    /// <summary>The sample household-registry drop of district 630123 as UTF-8 lines (header first).</summary>
    private static string[] SampleHouseholdLines()
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        return File.ReadAllLines(Path.Combine(DemoFixture.SampleCity(), "drops", "household_registry", "2017-03-630123.csv"), System.Text.Encoding.GetEncoding("GB18030"));
    }

    [Fact]
    public async Task A_drop_without_the_resident_ID_column_is_a_file_error_as_in_validate_not_rows_left_to_linkage()
    {
        var feed = Directory.CreateDirectory(Path.Combine(_dir, "city", "drops", "household_registry")).FullName;
        var lines = SampleHouseholdLines();
        Assert.StartsWith("身份证号,", lines[0]);
        File.WriteAllLines(Path.Combine(feed, "2017-03-630123.csv"), lines);
        // The same rows with the resident-ID column cut away (first column).
        var withoutId = Path.Combine(feed, "2017-03-630102.csv");
        File.WriteAllLines(withoutId, lines.Select(l => l[(l.IndexOf(',') + 1)..]));

        using (var validated = new MemoryStream())
        {
            Assert.Equal(2, ValidateCommand.Run(new FileInfo(withoutId), "household_registry", true, "2017-03-31", validated, new StringWriter()));
            Assert.Contains("FILE_REQUIRED_COLUMN_MISSING", System.Text.Encoding.UTF8.GetString(validated.ToArray()));
        }

        var (exit, output, err) = await Run("--drops", Path.Combine(_dir, "city"), "--store", Path.Combine(_dir, "a.db"), "--json");
        Assert.True(exit == 0, err);
        var summary = JsonDocument.Parse(output).RootElement;
        var error = Assert.Single(summary.GetProperty("detail").GetProperty("file_errors").EnumerateArray()).GetString()!;
        Assert.Equal("household_registry/2017-03-630102.csv: FILE_REQUIRED_COLUMN_MISSING: required column missing from the header for feed household_registry: 身份证号", error);
        // None of its 130 rows was read, so none waits for linkage: the figures are those of the good drop alone.
        Assert.Equal(lines.Length - 1, summary.GetProperty("detail").GetProperty("rows_read").GetInt64());
        Assert.Equal(0, summary.GetProperty("detail").GetProperty("resolution").GetProperty("unlinked").GetInt32());

        var console = await Run("--drops", Path.Combine(_dir, "city"), "--store", Path.Combine(_dir, "b.db"));
        Assert.Contains("  file error: household_registry/2017-03-630102.csv: FILE_REQUIRED_COLUMN_MISSING", console.Out);
    }

    [Fact]
    public async Task A_drop_without_a_header_row_is_a_file_error_whose_hint_does_not_name_an_option_run_lacks()
    {
        var feed = Directory.CreateDirectory(Path.Combine(_dir, "drops", "household_registry")).FullName;
        File.WriteAllLines(Path.Combine(feed, "2017-03-630123.csv"), SampleHouseholdLines().Skip(1));
        var (exit, output, err) = await Run("--drops", _dir, "--store", Path.Combine(_dir, "c.db"));
        Assert.True(exit == 0, err);
        var line = Assert.Single(output.Split('\n'), l => l.Contains("file error:", StringComparison.Ordinal));
        Assert.Contains("household_registry/2017-03-630123.csv: required column missing from the header for feed household_registry", line);
        Assert.Contains("is the first line a header row", line);
        Assert.DoesNotContain("--feed", line);
    }
}
