using System.CommandLine;
using Canbao.Cli.Commands;

namespace Canbao.Cli.Tests;

/// <summary>Errors a user reads name the argument or path and why, without the runtime's wording.</summary>
[Collection("console")]
public sealed class UserMessageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("canbao-messages-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<(int Exit, string Out, string Err)> Cli(params string[] args)
        => CliConsole.InvokeAsync(new RootCommand { GenerateCommand.Create(), RunCommand.Create(), EvaluateCommand.Create(), ServeCommand.Create() }, args);

    [Fact]
    public void Runtime_wording_becomes_path_and_reason()
    {
        Assert.Equal("--city 999999: not a current city-level GB/T 2260 code (e.g. 630100)",
            UserMessages.Plain(new ArgumentException("--city 999999: not a current city-level GB/T 2260 code (e.g. 630100)", "cityCode")));
        Assert.Equal("/data/none/rows.csv: no such file or folder", UserMessages.Plain(new DirectoryNotFoundException("Could not find a part of the path '/data/none/rows.csv'.")));
        Assert.Equal("/data/rows.csv: no such file or folder", UserMessages.Plain(new FileNotFoundException("Could not find file '/data/rows.csv'.", "/data/rows.csv")));
        Assert.Equal("/data: not permitted (or it is a folder where a file is expected)", UserMessages.Plain(new UnauthorizedAccessException("Access to the path '/data' is denied.")));
        var file = Path.Combine(_dir, "a-file");
        File.WriteAllText(file, "");
        Assert.Equal($"{file}/out: {file} is a file, not a folder", UserMessages.Plain(new IOException($"Could not find a part of the path '{file}/out'.")));
    }

    [Fact]
    public async Task Generate_with_an_unknown_city_names_the_option_without_the_parameter_name()
    {
        var (exit, _, err) = await Cli("generate", "--city", "999999", "--persons", "50", "--out", Path.Combine(_dir, "g"));
        Assert.Equal(2, exit);
        Assert.Equal("canbao generate: --city 999999: not a current city-level GB/T 2260 code (e.g. 630100)", err.TrimEnd());
    }

    [Fact]
    public async Task Serve_with_an_unknown_city_fails_at_once_with_one_line()
    {
        var (exit, _, err) = await Cli("serve", "--city", "999999", "--data", Path.Combine(_dir, "data"), "--port", "0");
        Assert.Equal(2, exit);
        Assert.Equal("canbao serve: --city 999999: not a current city-level GB/T 2260 code (e.g. 630100)", err.TrimEnd());
    }

    [Fact]
    public async Task Evaluate_with_a_folder_without_truth_names_the_option_and_what_it_needs()
    {
        var store = Path.Combine(_dir, "s.db");
        File.WriteAllText(store, "");
        var none = Path.Combine(_dir, "none");
        var (exit, _, err) = await Cli("evaluate", "--truth", none, "--store", store);
        Assert.Equal(2, exit);
        Assert.Equal($"canbao evaluate: --truth {none}: no persons.csv and rows.csv there (the truth/ folder canbao generate writes, or the city folder holding it)", err.TrimEnd());
    }

    [Fact]
    public async Task Run_and_generate_with_out_below_a_file_say_so_before_any_work()
    {
        var file = Path.Combine(_dir, "a-file");
        File.WriteAllText(file, "");
        var feed = Directory.CreateDirectory(Path.Combine(_dir, "drops", "household_registry")).FullName;
        File.Copy(Path.Combine(DemoFixture.SampleCity(), "drops", "household_registry", "2017-03-630123.csv"), Path.Combine(feed, "2017-03-630123.csv"));
        var store = Path.Combine(_dir, "r.db");
        var run = await Cli("run", "--drops", Path.Combine(_dir, "drops"), "--store", store, "--out", Path.Combine(file, "out"));
        Assert.Equal(2, run.Exit);
        Assert.Equal($"canbao run: --out {file}/out cannot be created: {file}/out: {file} is a file, not a folder", run.Err.TrimEnd());
        Assert.False(File.Exists(store));

        var generate = await Cli("generate", "--persons", "50", "--out", Path.Combine(file, "g"));
        Assert.Equal(2, generate.Exit);
        Assert.StartsWith($"canbao generate: --out {file}/g cannot be written: ", generate.Err);
        Assert.EndsWith($"{file} is a file, not a folder", generate.Err.TrimEnd());
    }

    [Fact]
    public void Validate_of_a_folder_says_it_is_a_folder()
    {
        var err = new StringWriter();
        Assert.Equal(2, ValidateCommand.Run(new FileInfo(_dir), "registration", false, null, new MemoryStream(), err));
        Assert.Equal($"canbao validate: {Path.GetFileName(_dir)}: cannot be read — FILE_CANNOT_OPEN: {_dir}: is a folder, not a file", err.ToString().TrimEnd());
    }
}
