using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Canbao.Cli.Commands;

namespace Canbao.Cli.Tests;

/// <summary><c>canbao demo --serve --port P</c>: a port the dashboard cannot listen on is refused before the ~40 s demo.</summary>
[Collection("console")]
public sealed class DemoPortTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("canbao-demo-port-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<(int Exit, string Out, string Err)> Demo(params string[] args)
        => CliConsole.InvokeAsync(new RootCommand { DemoCommand.Create() }, ["demo", .. args]);

    [Fact]
    public async Task A_busy_port_fails_at_once_with_one_line_and_exit_2_before_the_demo_runs()
    {
        var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        try
        {
            var port = ((IPEndPoint)busy.LocalEndpoint).Port;
            var outDir = Path.Combine(_dir, "demo");
            var (exit, output, err) = await Demo("--serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", outDir);
            Assert.Equal(2, exit);
            Assert.Equal($"canbao demo --serve: 127.0.0.1:{port} is already in use; pick another --port (0 = any free port)", err.TrimEnd());
            Assert.Equal("", output);
            Assert.False(Directory.Exists(outDir), "the demo ran although its dashboard port was taken");
        }
        finally { busy.Stop(); }
    }

    [Fact]
    public async Task A_port_out_of_range_fails_at_once_with_exit_2()
    {
        var (exit, output, err) = await Demo("--serve", "--port", "70000", "--out", Path.Combine(_dir, "demo"));
        Assert.Equal(2, exit);
        Assert.Equal("canbao demo --serve: --port 70000 is not a TCP port (0-65535; 0 = any free port)", err.TrimEnd());
        Assert.Equal("", output);
    }
}
