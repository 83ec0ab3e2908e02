using System.Diagnostics;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Canbao.Workflows.Tests;

/// <summary>
/// Issue 6: kill `canbao serve` (SIGKILL) in the middle of a round, start it again, and the round finishes with the same
/// result as an uninterrupted run — same persons, statuses and survey tasks, nothing written twice. Runs the real CLI
/// (Azurite from node_modules, Durable Task sidecar over the Azure Storage provider).
/// </summary>
public sealed class DurableRestartTests
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "canbao.dll");
    private static readonly string[] Feeds = ["household_registry", "enrollment", "residence_permit"];

    [Fact]
    public async Task A_round_killed_midway_and_restarted_ends_like_an_uninterrupted_round()
    {
        var root = Directory.CreateTempSubdirectory("canbao-restart-").FullName;
        try
        {
            var gen = Path.Combine(root, "gen");
            await RunAsync(["generate", "--persons", "400", "--seed", "6", "--out", gen]);
            var a = Prepare(root, "a", gen);
            var b = Prepare(root, "b", gen);

            // Uninterrupted.
            await using (var serve = Serve.Start(a))
                await serve.WaitForLatestRoundAsync();

            // Killed while the round runs, then started again on the same data.
            var first = Serve.Start(b);
            var caughtMidRound = await first.WaitForRunningRoundAsync();
            first.KillHard();
            await using (var again = Serve.Start(b))
                await again.WaitForLatestRoundAsync();

            Assert.True(caughtMidRound, "the round was not seen running before the kill");
            var (sa, sb) = (Summary(a), Summary(b));
            Assert.Equal(sa.GetProperty("round").GetString(), sb.GetProperty("round").GetString());
            Assert.Equal(sa.GetProperty("persons").GetInt32(), sb.GetProperty("persons").GetInt32());
            Assert.True(sa.GetProperty("persons").GetInt32() > 100);
            Assert.Equal(sa.GetProperty("coverage").GetRawText(), sb.GetProperty("coverage").GetRawText());
            Assert.Equal(sa.GetProperty("survey_tasks").GetInt32(), sb.GetProperty("survey_tasks").GetInt32());
            var round = sa.GetProperty("round").GetString()!;
            foreach (var file in Outputs(a, round))
                Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(file.Replace(a, b)));
            // Same persons, statuses and content, each written once (version 1): nothing twice.
            Assert.Equal(Persons(a), Persons(b));
            Assert.All(Persons(b), p => Assert.EndsWith("|1", p));
            // One import per distinct content (files with equal content are duplicates), in both runs.
            var contents = Directory.EnumerateFiles(Path.Combine(b, "drops"), "*", SearchOption.AllDirectories)
                .Select(f => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))).Distinct().Count();
            Assert.Equal(contents, Scalar(Path.Combine(b, "ledger.db"), "SELECT count(*) FROM imports WHERE done = 1"));
            Assert.Equal(contents, Scalar(Path.Combine(a, "ledger.db"), "SELECT count(*) FROM imports WHERE done = 1"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string Prepare(string root, string name, string gen)
    {
        var dir = Path.Combine(root, name);
        foreach (var feed in Feeds)
        {
            var target = Directory.CreateDirectory(Path.Combine(dir, "drops", feed)).FullName;
            foreach (var f in Directory.EnumerateFiles(Path.Combine(gen, "drops", feed)))
                File.Copy(f, Path.Combine(target, Path.GetFileName(f)));
        }
        return dir;
    }

    private static JsonElement Summary(string dir) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "rounds", "latest.json"))).RootElement;

    private static IEnumerable<string> Outputs(string dir, string round)
    {
        var outDir = Path.Combine(dir, "rounds", round, "out");
        return Directory.EnumerateFiles(outDir, "*.csv", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
    }

    private static List<string> Persons(string dir)
    {
        using var c = new SqliteConnection($"Data Source={Path.Combine(dir, "persons.db")};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id, coverage, content_hash, version FROM persons ORDER BY id";
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read()) list.Add($"{r.GetString(0)}|{r.GetString(1)}|{r.GetString(2)}|{r.GetInt64(3)}");
        return list;
    }

    private static long Scalar(string db, string sql)
    {
        using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }

    private static async Task RunAsync(string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Cli);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"canbao {string.Join(' ', args)} failed: {await stderr}");
    }

    /// <summary>One `canbao serve` process on a free port.</summary>
    private sealed class Serve : IAsyncDisposable
    {
        private readonly Process process;
        private readonly HttpClient http;
        private readonly string dir;

        private Serve(Process process, int port, string dir)
        {
            this.process = process;
            this.dir = dir;
            http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        }

        /// <summary>The operator token the host is given (every /api route needs one).</summary>
        private static readonly string Token = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

        public static Serve Start(string dir)
        {
            var port = Canbao.Cli.Hosting.AzuriteProcess.AnyFreePort();
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { Cli, "serve", "--data", dir, "--port", $"{port}", "--settle-seconds", "1", "--round-after", "2" })
                psi.ArgumentList.Add(a);
            psi.Environment["CANBAO_OPERATOR_TOKEN"] = Token;
            var p = Process.Start(psi)!;
            p.OutputDataReceived += (_, _) => { };
            p.ErrorDataReceived += (_, _) => { };
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            return new Serve(p, port, dir);
        }

        private async Task<List<JsonElement>> InstancesAsync()
        {
            try { return await http.GetFromJsonAsync<List<JsonElement>>("/api/instances") ?? []; }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { return []; }
        }

        /// <summary>True when the round was seen between its plan and its completion (polled every 10 ms, up to 6 minutes).</summary>
        public async Task<bool> WaitForRunningRoundAsync()
        {
            // The API's instance list is a snapshot refreshed every 2 s, and a small round can start and finish inside
            // one refresh; the round's own artifacts are immediate: a round folder holding the plan's resolution.json
            // but no rounds/latest.json yet means the round is between its plan and its completion.
            var rounds = Path.Combine(dir, "rounds");
            var until = DateTime.UtcNow.AddMinutes(6);
            while (DateTime.UtcNow < until && !process.HasExited)
            {
                if (Directory.Exists(rounds) && !File.Exists(Path.Combine(rounds, "latest.json"))
                    && Directory.EnumerateDirectories(rounds).Any(r => File.Exists(Path.Combine(r, "resolution.json"))))
                    return true;
                if (File.Exists(Path.Combine(rounds, "latest.json"))) return false;
                await Task.Delay(10);
            }
            return false;
        }

        public async Task WaitForLatestRoundAsync()
        {
            var until = DateTime.UtcNow.AddMinutes(6);
            while (DateTime.UtcNow < until)
            {
                Assert.False(process.HasExited, $"canbao serve exited with {(process.HasExited ? process.ExitCode : 0)}");
                if (File.Exists(Path.Combine(dir, "rounds", "latest.json"))
                    && (await InstancesAsync()).Any(i => i.GetProperty("name").GetString() == "ComparisonRoundOrchestrator"
                                                         && i.GetProperty("status").GetString() == "Completed"))
                    return;
                await Task.Delay(250);
            }
            throw new TimeoutException("no round completed within 6 minutes");
        }

        /// <summary>SIGKILL the host only: its Azurite is left running, as after a real crash; the next start stops it.</summary>
        public void KillHard()
        {
            process.Kill(entireProcessTree: false);
            process.WaitForExit();
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                _ = Kill(process.Id, 15); // SIGTERM: the host stops Azurite on the way out
                if (!process.WaitForExit(30_000)) process.Kill(entireProcessTree: true);
            }
            await process.WaitForExitAsync();
            process.Dispose();
            http.Dispose();
        }

        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        private static extern int Kill(int pid, int signal);
    }
}
