using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Storage;
using Azure.Storage.Blobs;
using Canbao.Cli.Hosting;
using Canbao.Workflows.Contracts;

namespace Canbao.Cli.Tests;

/// <summary>
/// Issue 6 "must show": <c>canbao serve</c> (the host in-process, Azurite from node_modules) picks up a drop of the committed
/// sample city (period 2017-03) — most files dropped in DIR/drops, one feed uploaded to the Azurite <c>drops</c> container —
/// and completes a round on its own; the operator API (token only) answers with the same persons and coverage as
/// <c>canbao run</c> on the same drops and date.
/// </summary>
public sealed class ServeTests
{
    private const string BlobFeed = "household_registry";
    private const string DevKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Fact]
    public async Task Serve_picks_up_a_drop_of_the_sample_city_and_completes_a_round_like_canbao_run()
    {
        var root = Directory.CreateTempSubdirectory("canbao-serve-").FullName;
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        Task host = Task.CompletedTask;
        try
        {
            var city = Path.Combine(DemoFixture.SampleCity(), "drops");
            var all = Path.Combine(root, "all");
            var data = Path.Combine(root, "data");
            foreach (var file in Directory.EnumerateFiles(city, "2017-03*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(all, Path.GetRelativePath(city, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            // RoundQuietSeconds 5: the folder's drops and the blob feed arrive within a second or two of each other below,
            // so the watcher starts one round over all of them (a round over part of them would run beside it).
            var port = AzuriteProcess.AnyFreePort();
            var lines = new List<string>();
            var started = new TaskCompletionSource();
            host = Task.Run(() => LocalDurableHost.RunAsync(data, port,
                new WatchOptions(TimeSpan.FromMilliseconds(500), 1, 5, new SurveyTimings(3600, 0, 3600, 1)), "630100",
                line => { lock (lines) lines.Add(line); if (line.Contains("operator token", StringComparison.Ordinal)) started.TrySetResult(); }, stop.Token));
            await Task.WhenAny(started.Task, host, Task.Delay(TimeSpan.FromMinutes(2)));
            if (host.IsFaulted) await host;
            Assert.True(started.Task.IsCompleted, "canbao serve did not start within 2 minutes");

            string Line(string text) { lock (lines) return lines.First(l => l.Contains(text, StringComparison.Ordinal)); }
            var token = Line("operator token").Split(": ")[^1].Trim();
            var blobUrl = Line("devstoreaccount1").Split(" in ")[1].Split(' ')[0];

            // One feed arrives as blobs in the Azurite drops container, the others in DIR/drops.
            var container = new BlobContainerClient(new Uri(blobUrl), new StorageSharedKeyCredential("devstoreaccount1", DevKey));
            await container.CreateIfNotExistsAsync();
            foreach (var file in Directory.EnumerateFiles(Path.Combine(all, BlobFeed)))
                await container.UploadBlobAsync($"{BlobFeed}/{Path.GetFileName(file)}", BinaryData.FromBytes(await File.ReadAllBytesAsync(file)));
            foreach (var file in Directory.EnumerateFiles(all, "*", SearchOption.AllDirectories))
            {
                var rel = Path.GetRelativePath(all, file);
                if (rel.StartsWith(BlobFeed, StringComparison.Ordinal)) continue;
                var target = Path.Combine(data, "drops", rel);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(20) };
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/rounds/latest")).StatusCode);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

            // The round over every content: the watcher names it "<China date>-<8 hex of the sorted content hashes>". The
            // test knows the hash part only (the date is the host's clock at the start, not the test's), and sees the
            // round complete from what the host writes at once — rounds/<id>/summary.json — not from the API's instance
            // list, a snapshot refreshed every 2 s.
            var hashes = Directory.EnumerateFiles(all, "*", SearchOption.AllDirectories).Where(f => new FileInfo(f).Length > 0)
                .Select(f => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))).Distinct().Order(StringComparer.Ordinal).ToList();
            var suffix = DropFolderWatcher.RoundId(default, hashes)[8..];
            var rounds = Path.Combine(data, "rounds");
            JsonElement summary = default;
            string? failed = null;
            var until = DateTime.UtcNow.AddMinutes(6);
            for (var poll = 0; DateTime.UtcNow < until && summary.ValueKind != JsonValueKind.Object && failed is null; poll++)
            {
                Assert.False(host.IsCompleted, "canbao serve stopped");
                var file = Directory.EnumerateDirectories(rounds).Where(d => Path.GetFileName(d).EndsWith(suffix, StringComparison.Ordinal))
                    .Select(d => Path.Combine(d, "summary.json")).FirstOrDefault(File.Exists);
                if (file is not null) summary = JsonDocument.Parse(await File.ReadAllTextAsync(file)).RootElement;
                else if (poll % 10 == 0) failed = await FailedRoundAsync(http, suffix);
                await Task.Delay(200);
            }
            Assert.True(failed is null, $"the round over every drop ended {failed}");
            string Log() { lock (lines) return string.Join('\n', lines.TakeLast(20)); }
            Assert.True(summary.ValueKind == JsonValueKind.Object,
                $"no round ending {suffix} completed within 6 minutes; rounds: {string.Join(", ", Directory.EnumerateDirectories(rounds).Select(Path.GetFileName))}; host log:\n{Log()}");
            var roundId = summary.GetProperty("round").GetString()!;

            // The operator API answers with that round: latest.json is written right after the round's summary.json.
            JsonElement latest = default;
            for (var wait = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < wait; await Task.Delay(200))
            {
                latest = JsonDocument.Parse(await http.GetStringAsync("/api/rounds/latest")).RootElement;
                if (latest.GetProperty("round").GetString() == roundId) break;
            }
            Assert.Equal(roundId, latest.GetProperty("round").GetString());
            Assert.Equal(summary.GetProperty("persons").GetInt32(), latest.GetProperty("persons").GetInt32());
            Assert.Equal(summary.GetProperty("coverage").Deserialize<Dictionary<string, int>>(), latest.GetProperty("coverage").Deserialize<Dictionary<string, int>>());

            // Every drop was imported: the folder's and the blob feed's.
            var drops = JsonDocument.Parse(await http.GetStringAsync("/api/drops")).RootElement;
            Assert.Contains(drops.EnumerateArray(), d => d.GetProperty("drop_id").GetString()!.StartsWith(BlobFeed + "/", StringComparison.Ordinal));
            Assert.Equal(hashes.Count, Directory.GetFiles(Path.Combine(data, "imported"), "*", SearchOption.AllDirectories).Length);

            // canbao run on the same drops, on the round's date (the round id starts with it).
            var date = $"{roundId[..4]}-{roundId[4..6]}-{roundId[6..8]}";
            var run = JsonDocument.Parse(await RunAsync("run", "--drops", all, "--store", Path.Combine(root, "run.db"), "--date", date, "--out", Path.Combine(root, "run-out"), "--json")).RootElement;
            Assert.True(latest.GetProperty("persons").GetInt32() > 1_900);
            Assert.Equal(run.GetProperty("persons").GetInt32(), latest.GetProperty("persons").GetInt32());
            Assert.Equal(run.GetProperty("coverage").Deserialize<Dictionary<string, int>>(), latest.GetProperty("coverage").Deserialize<Dictionary<string, int>>());
            Assert.Equal(run.GetProperty("survey_tasks").GetInt32(), latest.GetProperty("survey_tasks").GetInt32());
        }
        finally
        {
            // Stop the host (it stops its Azurite) before the folder goes, also when an assertion failed.
            await stop.CancelAsync();
            try { await host; }
            catch (OperationCanceledException) { }
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The status of the round instance whose id ends with <paramref name="suffix"/> when it failed or was terminated, else null.</summary>
    private static async Task<string?> FailedRoundAsync(HttpClient http, string suffix)
    {
        var instances = JsonDocument.Parse(await http.GetStringAsync("/api/instances")).RootElement;
        return instances.EnumerateArray()
            .Where(i => i.GetProperty("instanceId").GetString()!.EndsWith(suffix, StringComparison.Ordinal))
            .Select(i => i.GetProperty("status").GetString()).FirstOrDefault(s => s is "Failed" or "Terminated");
    }

    private static async Task<string> RunAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "canbao.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"canbao {string.Join(' ', args)} failed: {await stderr}");
        return stdout;
    }
}
