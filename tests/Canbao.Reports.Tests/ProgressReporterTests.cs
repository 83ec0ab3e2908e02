using Canbao.Reports.Console;

namespace Canbao.Reports.Tests;

public class ProgressReporterTests
{
    [Fact]
    public async Task Plain_lines_at_start_each_tenth_and_end()
    {
        var sw = new StringWriter { NewLine = "\n" };
        var reporter = new LineProgressReporter(sw);
        await reporter.RunAsync("ingest", 20, report =>
        {
            for (var i = 1; i <= 20; i++) report(i);
            return Task.CompletedTask;
        });
        var lines = sw.ToString().TrimEnd('\n').Split('\n');
        Assert.Equal("ingest: started (0/20)", lines[0]);
        Assert.Equal("ingest: 2/20", lines[1]);
        Assert.Equal("ingest: 18/20", lines[^2]);
        Assert.Equal("ingest: done (20/20)", lines[^1]);
        Assert.Equal(11, lines.Length);
    }

    [Fact]
    public async Task Unknown_total_gives_start_and_end_only()
    {
        var sw = new StringWriter { NewLine = "\n" };
        await new LineProgressReporter(sw).RunAsync("round", null, report => { report(5); report(9); return Task.CompletedTask; });
        Assert.Equal("round: started\nround: done (9)\n", sw.ToString());
    }

    [Fact]
    public void Redirected_output_gets_plain_lines()
    {
        // The test runner redirects standard output, so the console factory must choose plain lines.
        Assert.IsType<LineProgressReporter>(ProgressReporter.ForConsole(TextWriter.Null));
    }
}
