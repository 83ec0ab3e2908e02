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
using DurableTask.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Canbao.Cli.Demo;

/// <summary>
/// The demo's durable backend: the Durable Task sidecar (<see cref="TaskHubGrpcServer"/>, gRPC on a free 127.0.0.1
/// port) over Microsoft.DurableTask.Testing's in-memory orchestration service (no Azurite, no storage emulator), its
/// work-item window widened (<see cref="WidenedOrchestrationService"/>), and a worker running <see cref="CanbaoWorkflows"/>
/// with the same port implementations <c>canbao serve</c> uses over the demo folder: drops in DIR/drops
/// (<see cref="FolderDropStore"/>, <see cref="FolderDropIngestor"/>, <see cref="SqliteImportLedger"/>), the round, rosters
/// and reports over the folder (<see cref="ArtifactRoundRunner"/>, <see cref="ArtifactRosterDispatcher"/>,
/// <see cref="ProgressReportWriter"/>), roster messages appended to DIR/survey/messages.jsonl, persons in the SQLite store.
/// </summary>
public sealed class DemoWorkflowHost : IAsyncDisposable
{
    /// <summary>Orchestration and activity work items in flight at once (the in-memory service's own limit is the core count).</summary>
    public const int WorkItemWindow = 32;

    private readonly WebApplication app;

    private DemoWorkflowHost(WebApplication app, IArtifactStore artifacts, ArtifactRosterDispatcher dispatcher)
    {
        this.app = app;
        Artifacts = artifacts;
        Dispatcher = dispatcher;
        Client = app.Services.GetRequiredService<DurableTaskClient>();
    }

    /// <summary>The Durable Task client (start workflows, raise events, wait).</summary>
    public DurableTaskClient Client { get; }

    /// <summary>The demo folder as an artifact store.</summary>
    public IArtifactStore Artifacts { get; }

    /// <summary>The roster dispatcher the survey activities use (the demo reads rosters through it).</summary>
    public ArtifactRosterDispatcher Dispatcher { get; }

    /// <summary>Starts the host (retried when another process takes the free port first).</summary>
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
        var artifacts = new FolderArtifactStore(layout.Root);
        var dispatcher = new ArtifactRosterDispatcher(artifacts, store, new FileRosterMessages(Path.Combine(layout.Root, "survey", "messages.jsonl")));
        var memory = new InMemoryOrchestrationService();
        var grpcPort = AzuriteProcess.AnyFreePort();
        var grpcAddress = $"http://127.0.0.1:{grpcPort}";

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, grpcPort, o => o.Protocols = HttpProtocols.Http2));
        var s = builder.Services;
        s.AddDurableSidecar(grpcAddress, new WidenedOrchestrationService(memory, WorkItemWindow), memory);
        s.AddSingleton(layout);
        s.AddSingleton(store);
        s.AddSingleton<IDropStore, FolderDropStore>();
        s.AddSingleton(_ => new SqliteImportLedger(layout.Ledger));
        s.AddSingleton<IImportLedger>(sp => sp.GetRequiredService<SqliteImportLedger>());
        s.AddSingleton<IDropIngestor, FolderDropIngestor>();
        s.AddSingleton<IRoundRunner>(_ => new ArtifactRoundRunner(artifacts, store));
        s.AddSingleton<IRosterDispatcher>(dispatcher);
        s.AddSingleton<IReportWriter>(_ => new ProgressReportWriter(artifacts, store));
        s.AddSingleton(sp => new ClientPorts(sp.GetRequiredService<DurableTaskClient>()));
        s.AddSingleton<IWorkflowStarter>(sp => sp.GetRequiredService<ClientPorts>());
        s.AddSingleton<IHistoryPurger>(sp => new InstancePurger(sp.GetRequiredService<DurableTaskClient>()));

        var app = builder.Build();
        app.MapGrpcService<TaskHubGrpcServer>();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return new DemoWorkflowHost(app, artifacts, dispatcher);
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
    public async ValueTask DisposeAsync()
    {
        // The worker's work-item stream is an open gRPC call into the same web host; every workflow the demo started has
        // finished by now, so do not wait the host's default 30 s shutdown for that stream to drain.
        using var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await app.StopAsync(shutdown.Token);
        await app.DisposeAsync();
    }
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
