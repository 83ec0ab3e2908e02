using Spectre.Console;

namespace Canbao.Reports.Console;

/// <summary>
/// Reports progress of long CLI work (ingest, round, generate). One task per step; counts are items (rows, persons,
/// files). Implementations: <see cref="ProgressReporter.ForConsole"/> picks bars on a terminal, plain lines otherwise.
/// </summary>
public interface IProgressReporter
{
    /// <summary>Runs <paramref name="work"/> with a progress task named <paramref name="step"/> of <paramref name="total"/> items
    /// (null when unknown); <paramref name="work"/> reports the number of items done so far through the callback.</summary>
    Task RunAsync(string step, long? total, Func<Action<long>, Task> work);
}

/// <summary>Factory for the console reporters.</summary>
public static class ProgressReporter
{
    /// <summary>
    /// Spectre.Console progress bars when standard output is an interactive terminal, else plain lines
    /// ("step: n/total") at start, every 10 % and at the end — fit for CI logs and redirected output.
    /// </summary>
    public static IProgressReporter ForConsole(TextWriter? plainOutput = null) =>
        !System.Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive
            ? new BarProgressReporter()
            : new LineProgressReporter(plainOutput ?? System.Console.Out);
}

/// <summary>Plain-line progress: writes "step: done/total" at the start, at each further 10 % of the total, and at the end.</summary>
/// <param name="output">Where the lines go.</param>
public sealed class LineProgressReporter(TextWriter output) : IProgressReporter
{
    /// <inheritdoc />
    public async Task RunAsync(string step, long? total, Func<Action<long>, Task> work)
    {
        var lastDecile = -1L;
        var done = 0L;
        output.WriteLine($"{step}: started{(total is { } t ? $" (0/{t})" : "")}");
        await work(n =>
        {
            done = n;
            if (total is not > 0) return;
            var decile = n * 10 / total.Value;
            if (decile > lastDecile && decile < 10) { lastDecile = decile; if (decile > 0) output.WriteLine($"{step}: {n}/{total}"); }
        });
        output.WriteLine($"{step}: done ({done}{(total is { } tt ? $"/{tt}" : "")})");
    }
}

/// <summary>Spectre.Console progress bar for an interactive terminal.</summary>
public sealed class BarProgressReporter : IProgressReporter
{
    /// <inheritdoc />
    public Task RunAsync(string step, long? total, Func<Action<long>, Task> work) =>
        AnsiConsole.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(step), maxValue: total ?? 1);
                if (total is null) task.IsIndeterminate = true;
                await work(n => task.Value = total is null ? 0 : n);
                task.Value = task.MaxValue;
            });
}
