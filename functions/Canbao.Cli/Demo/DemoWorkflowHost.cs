using System.Text.Json;
using Canbao.Cli.Hosting;
using Canbao.Cli.Hosting.Adapters;
using Canbao.Hosting;
using Canbao.Hosting.Ports;
using Canbao.Hosting.Reports;
using Canbao.Hosting.Rounds;
using Canbao.Hosting.Surveys;
using Canbao.Store;
using Canbao.Workflows;
using Canbao.Workflows.Ports;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Canbao.Cli.Demo;

/// <summary>
/// The demo's durable backend: Microsoft.DurableTask.Testing's in-process host (in-memory orchestration service, no
/// Azurite, no storage emulator) running <see cref="CanbaoWorkflows"/> with the same port implementations
/// <c>canbao serve</c> uses over the demo folder: drops in DIR/drops (<see cref="FolderDropStore"/>,
/// <see cref="FolderDropIngestor"/>, <see cref="SqliteImportLedger"/>), the round, rosters and reports over the folder
/// (<see cref="ArtifactRoundRunner"/>, <see cref="ArtifactRosterDispatcher"/>, <see cref="ProgressReportWriter"/>), roster
/// messages appended to DIR/survey/messages.jsonl, persons in the SQLite store.
/// </summary>
public sealed class DemoWorkflowHost : IAsyncDisposable
{
    private readonly DurableTaskTestHost host;

    private DemoWorkflowHost(DurableTaskTestHost host, IArtifactStore artifacts, ArtifactRosterDispatcher dispatcher)
    {
        this.host = host;
        Artifacts = artifacts;
        Dispatcher = dispatcher;
    }

    /// <summary>The Durable Task client (start workflows, raise events, wait).</summary>
    public DurableTaskClient Client => host.Client;

    /// <summary>The demo folder as an artifact store.</summary>
    public IArtifactStore Artifacts { get; }

    /// <summary>The roster dispatcher the survey activities use (the demo reads rosters through it).</summary>
    public ArtifactRosterDispatcher Dispatcher { get; }

    /// <summary>Starts the host (retried on a port collision of the in-process gRPC listener).</summary>
    public static async Task<DemoWorkflowHost> StartAsync(LocalLayout layout, IPersonStore store)
    {
        for (var attempt = 1; ; attempt++)
        {
            try { return await StartOnceAsync(layout, store); }
            catch (IOException e) when (attempt < 5 && e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase)) { }
        }
    }

    private static async Task<DemoWorkflowHost> StartOnceAsync(LocalLayout layout, IPersonStore store)
    {
        // The test host's gRPC sidecar is a web host with default console logging at Information: quiet it unless the
        // user configured logging.
        if (Environment.GetEnvironmentVariable("Logging__LogLevel__Default") is null)
            Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");
        var artifacts = new FolderArtifactStore(layout.Root);
        var dispatcher = new ArtifactRosterDispatcher(artifacts, store, new FileRosterMessages(Path.Combine(layout.Root, "survey", "messages.jsonl")));
        DurableTaskTestHost? started = null;
        var host = await DurableTaskTestHost.StartAsync(CanbaoWorkflows.Register, new DurableTaskTestHostOptions
        {
            LoggerFactory = NullLoggerFactory.Instance,
            ConfigureServices = s =>
            {
                s.AddSingleton(layout);
                s.AddSingleton(store);
                s.AddSingleton<IDropStore, FolderDropStore>();
                s.AddSingleton(_ => new SqliteImportLedger(layout.Ledger));
                s.AddSingleton<IImportLedger>(sp => sp.GetRequiredService<SqliteImportLedger>());
                s.AddSingleton<IDropIngestor, FolderDropIngestor>();
                s.AddSingleton<IRoundRunner>(_ => new ArtifactRoundRunner(artifacts, store));
                s.AddSingleton<IRosterDispatcher>(dispatcher);
                s.AddSingleton<IReportWriter>(_ => new ProgressReportWriter(artifacts, store));
                s.AddSingleton(_ => new ClientPorts(started!.Client));
                s.AddSingleton<IWorkflowStarter>(sp => sp.GetRequiredService<ClientPorts>());
                s.AddSingleton<IHistoryPurger>(_ => new InstancePurger(started!.Client));
            },
        });
        started = host;
        return new DemoWorkflowHost(host, artifacts, dispatcher);
    }

    /// <summary>Waits until the instance's custom status contains <paramref name="text"/> (polled every 50 ms, up to 2 minutes).</summary>
    /// <exception cref="TimeoutException">It did not, or the instance ended first.</exception>
    public async Task WaitForStatusAsync(string instanceId, string text, CancellationToken ct)
    {
        var until = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < until)
        {
            var m = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, ct);
            if (m?.SerializedCustomStatus?.Contains(text, StringComparison.Ordinal) == true) return;
            if (m is { IsCompleted: true }) throw new TimeoutException($"{instanceId} ended ({m.RuntimeStatus}) before '{text}'");
            await Task.Delay(50, ct);
        }
        throw new TimeoutException($"{instanceId} never reached '{text}'");
    }

    /// <summary>Waits for the instance to complete; throws when it failed or did not finish within 5 minutes.</summary>
    /// <exception cref="InvalidOperationException">The instance failed or was terminated (its failure message).</exception>
    public async Task<OrchestrationMetadata> CompleteAsync(string instanceId, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        var m = await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
        if (m.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
            throw new InvalidOperationException($"workflow {instanceId} {m.RuntimeStatus}: {m.FailureDetails?.ErrorMessage}");
        return m;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => host.DisposeAsync();
}

/// <summary><see cref="IRosterMessages"/> appended to a JSON-lines file (the demo has no queue): references and counts only.</summary>
/// <param name="path">The file.</param>
public sealed class FileRosterMessages(string path) : IRosterMessages
{
    private readonly Lock gate = new();

    /// <inheritdoc />
    public Task SendAsync(RosterMessage message, CancellationToken ct = default)
    {
        var line = JsonSerializer.Serialize(new
        {
            kind = message.Kind.ToString(), round = message.Roster.RoundId, township = message.Roster.Township, level = message.Level,
            tasks = message.Tasks, reason = message.Reason, @ref = message.Ref,
        }) + "\n";
        lock (gate)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.AppendAllText(path, line);
        }
        return Task.CompletedTask;
    }
}

/// <summary>
/// <see cref="IHistoryPurger"/> for the in-memory backend, which does not purge by filter: lists the finished instances
/// completed before the cut-off and purges each by id.
/// </summary>
/// <param name="client">The client.</param>
public sealed class InstancePurger(DurableTaskClient client) : IHistoryPurger
{
    /// <inheritdoc />
    public async Task<int> PurgeAsync(Canbao.Workflows.Contracts.PurgeRequest request, CancellationToken ct = default)
    {
        var ids = new List<string>();
        await foreach (var m in client.GetAllInstancesAsync(new OrchestrationQuery { PageSize = 500 }).WithCancellation(ct))
            if (m.RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated
                && m.LastUpdatedAt.UtcDateTime < request.CompletedBefore)
                ids.Add(m.InstanceId);
        var purged = 0;
        foreach (var id in ids) purged += (await client.PurgeInstanceAsync(id, cancellation: ct)).PurgedInstanceCount;
        return purged;
    }
}
