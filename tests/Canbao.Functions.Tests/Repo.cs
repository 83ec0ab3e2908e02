using System.Diagnostics;
using System.Reflection;

namespace Canbao.Functions.Tests;

/// <summary>Paths the tests need: the repository root, the bicep binary, the Functions app's build output.</summary>
internal static class Repo
{
    private static string Metadata(string key) =>
        typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"assembly metadata {key} missing");

    public static string Root => Metadata("RepoRoot");

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static string Bicep
    {
        get
        {
            var path = System.IO.Path.Combine(Metadata("BicepPackageDir"), "tools", "bicep");
            if (!File.Exists(path)) throw new FileNotFoundException("bicep binary missing (restore tests/Canbao.Functions.Tests)", path);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
            return path;
        }
    }

    /// <summary>The build output of functions/Canbao.Functions in this test's configuration.</summary>
    public static string FunctionsOutput =>
        Path("functions", "Canbao.Functions", "bin", typeof(Repo).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration, "net10.0");

    /// <summary>Runs a process to completion (60 s at most); returns exit code and both outputs.</summary>
    public static (int Code, string Out, string Err) Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000)) { p.Kill(true); throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in 60 s"); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
