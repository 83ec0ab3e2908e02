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
                var rel = Path.GetRelativePath(city, file);
                foreach (var target in new[] { Path.Combine(all, rel), Path.Combine(data, "drops", rel) })
                {
                    if (target.StartsWith(data, StringComparison.Ordinal) && rel.StartsWith(BlobFeed, StringComparison.Ordinal)) continue;
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    File.Copy(file, target);
                }
            }

            var port = AzuriteProcess.AnyFreePort();
            var lines = new List<string>();
            var started = new TaskCompletionSource();
            host = Task.Run(() => LocalDurableHost.RunAsync(data, port,
                new WatchOptions(TimeSpan.FromMilliseconds(500), 1, 2, new SurveyTimings(3600, 0, 3600, 1)), "630100",
                line => { lock (lines) lines.Add(line); if (line.Contains("operator token", StringComparison.Ordinal)) started.TrySetResult(); }, stop.Token));
            await Task.WhenAny(started.Task, host, Task.Delay(TimeSpan.FromMinutes(2)));
            if (host.IsFaulted) await host;
            Assert.True(started.Task.IsCompleted, "canbao serve did not start within 2 minutes");

            string Line(string text) { lock (lines) return lines.First(l => l.Contains(text, StringComparison.Ordinal)); }
            var token = Line("operator token").Split(": ")[^1].Trim();
            var blobUrl = Line("devstoreaccount1").Split(" in ")[1].Split(' ')[0];

            // One feed arrives as blobs in the Azurite drops container.
            var container = new BlobContainerClient(new Uri(blobUrl), new StorageSharedKeyCredential("devstoreaccount1", DevKey));
            await container.CreateIfNotExistsAsync();
            foreach (var file in Directory.EnumerateFiles(Path.Combine(all, BlobFeed)))
                await container.UploadBlobAsync($"{BlobFeed}/{Path.GetFileName(file)}", BinaryData.FromBytes(await File.ReadAllBytesAsync(file)));

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(20) };
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/rounds/latest")).StatusCode);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

            // The round over every content: the watcher names it by the China date and the sorted content hashes.
            var hashes = Directory.EnumerateFiles(all, "*", SearchOption.AllDirectories).Where(f => new FileInfo(f).Length > 0)
                .Select(f => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))).Distinct().Order(StringComparer.Ordinal).ToList();
            JsonElement latest = default;
            var until = DateTime.UtcNow.AddMinutes(6);
            while (DateTime.UtcNow < until)
            {
                Assert.False(host.IsCompleted, "canbao serve stopped");
                var expected = "round-" + DropFolderWatcher.RoundId(DateTime.UtcNow.AddHours(8), hashes);
                var instances = JsonDocument.Parse(await http.GetStringAsync("/api/instances")).RootElement;
                var round = instances.EnumerateArray().FirstOrDefault(i => i.GetProperty("instanceId").GetString() == expected);
                if (round.ValueKind == JsonValueKind.Object && round.GetProperty("status").GetString() == "Completed")
                {
                    latest = JsonDocument.Parse(await http.GetStringAsync("/api/rounds/latest")).RootElement;
                    break;
                }
                await Task.Delay(500);
            }
            Assert.Equal(JsonValueKind.Object, latest.ValueKind);

            // Every drop was imported: the folder's and the blob feed's.
            var drops = JsonDocument.Parse(await http.GetStringAsync("/api/drops")).RootElement;
            Assert.Contains(drops.EnumerateArray(), d => d.GetProperty("drop_id").GetString()!.StartsWith(BlobFeed + "/", StringComparison.Ordinal));
            Assert.Equal(hashes.Count, Directory.GetFiles(Path.Combine(data, "imported"), "*", SearchOption.AllDirectories).Length);

            // canbao run on the same drops, on the round's date (the round id starts with it).
            var roundId = latest.GetProperty("round").GetString()!;
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
