using Canbao.Cli.Demo;

namespace Canbao.Cli.Tests;

/// <summary>Runs the demo once, in-process, on a copy of the committed sample city in a temp folder.</summary>
public sealed class DemoFixture : IAsyncLifetime
{
    public string OutDir { get; } = Path.Combine(Path.GetTempPath(), "canbao-demo-" + Guid.NewGuid().ToString("N"));
    public List<string> Progress { get; } = [];
    public DemoSummary Summary { get; private set; } = null!;
    public string Printed { get; private set; } = "";

    public static string SampleCity()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var city = Path.Combine(dir.FullName, "samples", "city");
            if (Directory.Exists(Path.Combine(city, "drops"))) return city;
        }
        throw new DirectoryNotFoundException("samples/city not found above " + AppContext.BaseDirectory);
    }

    public async Task InitializeAsync()
    {
        Summary = await DemoRunner.RunAsync(SampleCity(), OutDir, Progress.Add);
        var w = new StringWriter();
        DemoPrinter.Print(w, Summary);
        Printed = w.ToString();
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(OutDir)) Directory.Delete(OutDir, recursive: true);
        return Task.CompletedTask;
    }
}
