using System.Text;
using Azure.Storage.Blobs;
using Canbao.Functions.Adapters;
using Canbao.Functions.Drops;
using Canbao.Workflows;
using Canbao.Workflows.Contracts;
using Canbao.Workflows.Ports;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Canbao.Functions.Tests;

/// <summary>Counts imports; fails for content that contains "FAIL" (a drop that cannot be read).</summary>
public sealed class CountingIngestor(BlobServiceClient blobs) : IDropIngestor
{
    private int calls;
    public int Calls => Volatile.Read(ref calls);

    public async Task<DropImportSummary> ImportAsync(DropImportRequest request, CancellationToken ct = default)
    {
        Interlocked.Increment(ref calls);
        var text = (await blobs.GetBlobContainerClient(request.Drop.Container).GetBlobClient(request.Drop.Name).DownloadContentAsync(ct)).Value.Content.ToString();
        if (text.Contains("FAIL", StringComparison.Ordinal)) throw new InvalidDataException("row 2, column 身份证号码: unreadable");
        var rows = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;
        return new DropImportSummary(rows, rows, 0, 0, $"batches/{request.ContentHash}.jsonl", $"reports/{request.ContentHash}.json");
    }
}

/// <summary>
/// The department blob triggers' work (DropIntake) called directly on real Azurite blobs, with the drop-ingestion
/// orchestration running in the in-process Durable test host over the app's own blob adapters (BlobDropStore,
/// BlobImportLedger). Case 16 (shared/cases/16-blob-trigger-double-fire.md) end to end.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DropIntakeTests(Azurite azurite) : IAsyncLifetime
{
    private DurableTaskTestHost host = null!;
    private CountingIngestor ingestor = null!;
    private readonly DropIntake intake = new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        [Settings.DropMaxAttempts] = "2", [Settings.DropSettleSeconds] = "1", [Settings.DropRetrySeconds] = "0",
    }).Build(), NullLogger<DropIntake>.Instance);

    private DurableTaskClient Client => host.Client;

    public async Task InitializeAsync()
    {
        var blobs = azurite.Blobs;
        ingestor = new CountingIngestor(blobs);
        host = await PortRetry.StartAsync(() => DurableTaskTestHost.StartAsync(CanbaoWorkflows.Register, new DurableTaskTestHostOptions
        {
            LoggerFactory = NullLoggerFactory.Instance,
            ConfigureServices = services =>
            {
                services.AddSingleton<IDropStore>(new BlobDropStore(blobs));
                services.AddSingleton<IImportLedger>(new BlobImportLedger(blobs));
                services.AddSingleton<IDropIngestor>(ingestor);
            },
        }));
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    private async Task<BlobClient> DropAsync(string container, string name, string content)
    {
        var c = azurite.Blobs.GetBlobContainerClient(container);
        await c.CreateIfNotExistsAsync();
        var blob = c.GetBlobClient(name);
        await blob.UploadAsync(new BinaryData(Encoding.UTF8.GetBytes(content)), overwrite: true);
        return blob;
    }

    private async Task<DropOutcome> OutcomeAsync(string instanceId)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var meta = await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, meta.RuntimeStatus);
        return meta.ReadOutputAs<DropOutcome>()!;
    }

    private static string Deaths(int rows, string salt = "") =>
        "身份证号码,姓名,死亡日期\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"row{i}{salt},name,20261128\n"));

    [Fact]
    public async Task Zero_length_first_commit_then_content_then_redelivery_import_exactly_once()
    {
        var name = $"deaths/{Guid.NewGuid():N}-deaths.csv";
        // Event 1: CopyBlob commits an empty blob first.
        var empty = await DropAsync("drops-health", name, "");
        var first = await intake.HandleAsync(empty, Client);
        Assert.Equal(DropIntakeKind.NotReady, first.Kind);
        Assert.Null(await Client.GetInstanceAsync(first.InstanceId!));

        // Event 2: the copy completes (new ETag); event 3: exact redelivery of event 2.
        var full = await DropAsync("drops-health", name, Deaths(10));
        var second = await intake.HandleAsync(full, Client);
        var third = await intake.HandleAsync(full, Client);
        Assert.Equal(DropIntakeKind.Started, second.Kind);
        Assert.Equal(DropIntakeKind.Duplicate, third.Kind);
        Assert.Equal(second.InstanceId, third.InstanceId);
        Assert.NotEqual(first.InstanceId, second.InstanceId);

        var outcome = await OutcomeAsync(second.InstanceId!);
        Assert.Equal(DropOutcomeKind.Imported, outcome.Kind);
        Assert.Equal(1, outcome.Attempts);
        Assert.Equal(10, outcome.Summary!.RowsIn);
        Assert.Equal(1, ingestor.Calls);

        var ledger = await azurite.Blobs.GetBlobContainerClient(BlobImportLedger.Container).GetBlobClient(outcome.ContentHash + ".json").DownloadContentAsync();
        Assert.Contains("\"imported\"", ledger.Value.Content.ToString());
    }

    [Fact]
    public async Task The_same_content_uploaded_again_is_a_duplicate_not_a_second_import()
    {
        var content = Deaths(3, Guid.NewGuid().ToString("N"));
        var a = await intake.HandleAsync(await DropAsync("drops-health", $"deaths/{Guid.NewGuid():N}.csv", content), Client);
        Assert.Equal(DropOutcomeKind.Imported, (await OutcomeAsync(a.InstanceId!)).Kind);
        var b = await intake.HandleAsync(await DropAsync("drops-health", $"deaths/{Guid.NewGuid():N}.csv", content), Client);
        Assert.Equal(DropIntakeKind.Started, b.Kind);
        var again = await OutcomeAsync(b.InstanceId!);
        Assert.Equal(DropOutcomeKind.Duplicate, again.Kind);
        Assert.Equal("content already imported", again.Reason);
        Assert.Equal(1, ingestor.Calls);
    }

    [Fact]
    public async Task A_drop_that_always_fails_is_quarantined_after_N_attempts()
    {
        var name = $"deaths/{Guid.NewGuid():N}.csv";
        var result = await intake.HandleAsync(await DropAsync("drops-health", name, Deaths(2) + "FAIL\n"), Client);
        var outcome = await OutcomeAsync(result.InstanceId!);
        Assert.Equal(DropOutcomeKind.Quarantined, outcome.Kind);
        Assert.Equal(2, outcome.Attempts);
        Assert.Equal(2, ingestor.Calls);
        Assert.Contains("unreadable", outcome.Reason);

        var quarantine = azurite.Blobs.GetBlobContainerClient(Settings.QuarantineContainer);
        var names = new List<string>();
        await foreach (var item in quarantine.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"poison/drops-health/{name}@", default)) names.Add(item.Name);
        Assert.Equal(2, names.Count); // the drop's copy and its record
        var record = (await quarantine.GetBlobClient(names.Single(n => n.EndsWith(".json", StringComparison.Ordinal))).DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("\"Attempts\":2", record);
    }

    [Fact]
    public async Task A_drop_in_another_departments_container_is_refused_and_recorded()
    {
        var name = $"deaths/{Guid.NewGuid():N}.csv";
        var blob = await DropAsync("drops-education", name, Deaths(1));
        var result = await intake.HandleAsync(blob, Client);
        Assert.Equal(DropIntakeKind.Refused, result.Kind);
        Assert.Null(result.InstanceId);
        Assert.Contains("belongs to department health (drops-health), not education", result.Reason);
        Assert.Equal(0, ingestor.Calls);

        var etag = (await blob.GetPropertiesAsync()).Value.ETag.ToString().Trim('"');
        var record = await azurite.Blobs.GetBlobContainerClient(Settings.QuarantineContainer)
            .GetBlobClient($"refused/drops-education/{name}@{etag}.json").DownloadContentAsync();
        Assert.Contains("belongs to department health", record.Value.Content.ToString());
        // Nothing was started for it, under the id a routed drop of this version would have had.
        var props = (await blob.GetPropertiesAsync()).Value;
        var wouldBe = WorkflowIds.Drop(new DropRef("drops-education", name, "deaths", props.ETag.ToString(), props.ContentLength));
        Assert.Null(await Client.GetInstanceAsync(wouldBe));
    }
}
