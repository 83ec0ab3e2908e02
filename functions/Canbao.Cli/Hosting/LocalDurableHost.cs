using Azure.Storage.Queues;
using Canbao.Cli.Hosting.Adapters;
using Canbao.Store;
using Canbao.Store.Sqlite;
using Canbao.Workflows;
using Canbao.Workflows.Ports;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Canbao.Cli.Hosting;

/// <summary>
/// The local durable host: Azurite (started here, data under DIR/azurite) → the Azure Storage orchestration provider →
/// the Durable Task sidecar (<see cref="TaskHubGrpcServer"/>, gRPC on a free 127.0.0.1 port) → a worker running
/// <see cref="CanbaoWorkflows"/> and a client, the drop folder watcher, and the operator API on 127.0.0.1:port.
/// State survives a kill: orchestration history is in Azurite's files, persons in SQLite, imports in the ledger.
/// </summary>
public static class LocalDurableHost
{
    /// <summary>Runs until <paramref name="ct"/> is cancelled (Ctrl+C); stops Azurite on the way out.</summary>
    public static async Task RunAsync(string dataDir, int apiPort, WatchOptions watch, Action<string>? ready = null, CancellationToken ct = default)
    {
        var layout = new LocalLayout(Path.GetFullPath(dataDir)).Create();
        // The sidecar puts protobuf tag maps into sub-orchestration start messages; the provider writes their type
        // without an assembly and cannot read them back. Point the runtime at Google.Protobuf for those types.
        AppDomain.CurrentDomain.TypeResolve += (_, e) =>
            e.Name?.StartsWith("Google.Protobuf.", StringComparison.Ordinal) == true ? typeof(Google.Protobuf.Collections.MapField<string, string>).Assembly : null;
        await using var azurite = await AzuriteProcess.StartAsync(layout.Azurite, ct);
        var grpcPort = AzuriteProcess.AnyFreePort();
        var grpcAddress = $"http://127.0.0.1:{grpcPort}";

        var settings = new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = "canbao",
            StorageAccountClientProvider = new StorageAccountClientProvider(azurite.ConnectionString),
            MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
            LoggerFactory = QuietLogging.Factory,
            // After a kill, another process takes over the partitions and redelivers unfinished work within seconds,
            // not the provider's default minutes.
            LeaseInterval = TimeSpan.FromSeconds(15),
            LeaseRenewInterval = TimeSpan.FromSeconds(5),
            ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(30),
            WorkItemQueueVisibilityTimeout = TimeSpan.FromSeconds(30),
        };
        var service = new AzureStorageOrchestrationService(settings);
        await service.CreateIfNotExistsAsync();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Canbao", LogLevel.Information);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(System.Net.IPAddress.Loopback, grpcPort, o => o.Protocols = HttpProtocols.Http2);
            k.Listen(System.Net.IPAddress.Loopback, apiPort, o => o.Protocols = HttpProtocols.Http1);
        });
        var s = builder.Services;
        s.AddGrpc();
        s.AddSingleton<IOrchestrationService>(service);
        s.AddSingleton<IOrchestrationServiceClient>(service);
        s.AddSingleton<TaskHubGrpcServer>();
        s.AddDurableTaskWorker(b => { b.UseGrpc(grpcAddress); b.AddTasks(CanbaoWorkflows.Register); });
        s.AddDurableTaskClient(b => { b.UseGrpc(grpcAddress); b.RegisterDirectly(); });

        s.AddSingleton(layout);
        s.AddSingleton(watch);
        s.AddSingleton<IPersonStore>(_ => new SqlitePersonStore(layout.Persons));
        s.AddSingleton(_ => new SqliteImportLedger(layout.Ledger));
        s.AddSingleton<IImportLedger>(sp => sp.GetRequiredService<SqliteImportLedger>());
        s.AddSingleton<IDropStore, FolderDropStore>();
        s.AddSingleton<IDropIngestor, FolderDropIngestor>();
        s.AddSingleton<IRoundRunner, LocalRoundRunner>();
        s.AddSingleton(_ => new QueueClient(azurite.ConnectionString, "survey-rosters"));
        s.AddSingleton<IRosterDispatcher, QueueRosterDispatcher>();
        s.AddSingleton<IReportWriter, LocalReportWriter>();
        s.AddSingleton<ClientPorts>();
        s.AddSingleton<IWorkflowStarter>(sp => sp.GetRequiredService<ClientPorts>());
        s.AddSingleton<IHistoryPurger>(sp => sp.GetRequiredService<ClientPorts>());
        s.AddHostedService<DropFolderWatcher>();

        await using var app = builder.Build();
        app.MapGrpcService<TaskHubGrpcServer>();
        OperatorEndpoints.Map(app, layout);
        await app.StartAsync(ct);
        ready?.Invoke($"canbao serve: data {layout.Root}, API http://127.0.0.1:{apiPort}/api/instances, drops {layout.Drops}/<feed>/");
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C / SIGTERM
        }
        await app.StopAsync(CancellationToken.None);
    }
}

/// <summary>A logger factory for the orchestration provider that only lets errors through.</summary>
internal static class QuietLogging
{
    public static readonly ILoggerFactory Factory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Error));
}
