namespace Canbao.Cli.Demo;

/// <summary><c>canbao demo --serve</c>: the operator API and dashboard over the demo's store and outputs.</summary>
public static class DemoServe
{
    /// <summary>Serves until cancelled; returns the exit code.</summary>
    public static Task<int> RunAsync(DemoSummary summary, int port, TextWriter w, CancellationToken ct)
    {
        w.WriteLine("canbao demo --serve: not available yet");
        return Task.FromResult(0);
    }
}
