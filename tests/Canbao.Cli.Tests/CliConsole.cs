using System.CommandLine;

namespace Canbao.Cli.Tests;

/// <summary>Invokes commands in-process with the console captured (tests using it share the "console" collection).</summary>
internal static class CliConsole
{
    /// <summary>Parses and invokes <paramref name="args"/> against <paramref name="root"/>; returns the exit code and what
    /// was written to stdout and stderr.</summary>
    public static async Task<(int Exit, string Out, string Err)> InvokeAsync(RootCommand root, params string[] args)
    {
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try { return (await root.Parse(args).InvokeAsync(), stdout.ToString(), stderr.ToString()); }
        finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
    }
}
