using System.Security.Cryptography;
using System.Text;
using Canbao.Cli.Hosting.Adapters;
using Canbao.Domain.Standard;
using Canbao.Workflows;
using Canbao.Workflows.Contracts;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Canbao.Cli.Hosting;

/// <summary>Options of the watcher.</summary>
/// <param name="PollInterval">How often DIR/drops is scanned.</param>
/// <param name="SettleSeconds">Seconds a drop must stay unchanged before import (passed to the drop workflow).</param>
/// <param name="RoundQuietSeconds">Seconds without a new import before a round starts over the imported drops.</param>
/// <param name="Timings">Survey deadlines of the campaign a round starts.</param>
public sealed record WatchOptions(TimeSpan PollInterval, int SettleSeconds, int RoundQuietSeconds, SurveyTimings Timings);

/// <summary>
/// Watches DIR/drops/&lt;feed&gt;/ (scan every <see cref="WatchOptions.PollInterval"/>; a scan is the source of truth, so
/// nothing is missed across restarts): each new version of a file, once unchanged for two scans and the settle time,
/// starts a drop ingestion (id from feed/name@length-mtime, so a re-scan or a restart starts nothing twice). When the imported contents changed and no import has
/// been open for <see cref="WatchOptions.RoundQuietSeconds"/>, it starts a comparison round whose id is the date plus
/// a hash of the imported contents: restarting the host starts the same round, which the durable store already has.
/// </summary>
public sealed class DropFolderWatcher(LocalLayout layout, DurableTaskClient client, SqliteImportLedger ledger, WatchOptions options,
    ILogger<DropFolderWatcher> logger) : BackgroundService
{
    private readonly HashSet<string> started = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> seen = new(StringComparer.Ordinal);
    private string lastImports = "";
    private DateTime lastChange = DateTime.UtcNow;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ScanAsync(stoppingToken);
                await MaybeStartRoundAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("scan failed: {Error}", ex.Message);
            }
            try { await Task.Delay(options.PollInterval, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    private async Task ScanAsync(CancellationToken ct)
    {
        var toStart = new List<DropRef>();
        foreach (var feed in FeedCatalog.All)
        {
            var dir = Path.Combine(layout.Drops, feed.Id);
            if (!Directory.Exists(dir)) continue;
            foreach (var path in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var file = new FileInfo(path);
                if (file.Name.StartsWith('.')) continue;
                var name = Path.GetRelativePath(layout.Drops, path).Replace('\\', '/');
                var etag = FolderDropStore.ETagOf(file);
                // Settle here: a version is started once it was seen unchanged on the previous scan and is older than the
                // settle time; the workflow still checks the version while reading it.
                var stable = seen.TryGetValue(name, out var previous) && previous == etag
                             && DateTime.UtcNow - file.LastWriteTimeUtc >= TimeSpan.FromSeconds(options.SettleSeconds);
                seen[name] = etag;
                if (stable && started.Add($"{name}@{etag}")) toStart.Add(new DropRef("drops", name, feed.Id, etag, file.Length));
            }
        }
        // Starting is a few storage round trips each: overlap them.
        await Parallel.ForEachAsync(toStart, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (drop, token) =>
        {
            var (id, isNew) = await WorkflowStarts.StartDropAsync(client, new DropIngestionInput(drop, 3, SettleSeconds: 0, RetrySeconds: 5), token);
            if (isNew) logger.LogInformation("drop {Name}: ingestion {Instance} started", drop.Name, id);
        });
    }

    private async Task MaybeStartRoundAsync(CancellationToken ct)
    {
        var (done, open) = ledger.State();
        var key = string.Join(',', done);
        if (key != lastImports) { lastImports = key; lastChange = DateTime.UtcNow; }
        if (done.Count == 0 || open > 0 || DateTime.UtcNow - lastChange < TimeSpan.FromSeconds(options.RoundQuietSeconds)) return;
        var roundId = RoundId(DateTime.UtcNow.AddHours(8), done);
        var (id, started) = await WorkflowStarts.StartRoundAsync(client, new RoundInput(roundId, true, options.Timings), ct);
        if (started) logger.LogInformation("round {Instance} started over {Drops} imported drops", id, done.Count);
    }

    /// <summary><c>yyyyMMdd-</c> + 8 hex of SHA-256 over the sorted imported content hashes (China date).</summary>
    public static string RoundId(DateTime chinaNow, IReadOnlyList<string> contentHashes) =>
        $"{chinaNow:yyyyMMdd}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(string.Join(',', contentHashes))))[..8]}";
}
