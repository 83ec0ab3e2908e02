using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Canbao.Cli.Hosting.Adapters;
using Canbao.Operator.Api;
using Canbao.Operator.Audit;
using Canbao.Operator.Auth;
using Canbao.Operator.Data;
using Canbao.Store;
using Canbao.Store.Sqlite;
using Canbao.Synthetic;
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
/// <see cref="CanbaoWorkflows"/> and a client, the drop watchers (DIR/drops and the Azurite <c>drops</c> container), and the
/// operator API and dashboard (<see cref="OperatorEndpoints.MapCanbaoOperatorApi"/> with the workflow routes) on
/// 127.0.0.1:port behind a locally issued city operator token.
/// State survives a kill: orchestration history is in Azurite's files, persons in SQLite, imports in the ledger.
/// </summary>
public static class LocalDurableHost
{
    /// <summary>Environment variable that, when set (32+ characters), is the city operator token instead of a random one.</summary>
    public const string TokenVariable = "CANBAO_OPERATOR_TOKEN";

    /// <summary>
    /// Runs until <paramref name="ct"/> is cancelled (Ctrl+C); stops Azurite on the way out. <paramref name="ready"/> receives
    /// the start lines, among them the city operator's token (every <c>/api</c> route needs it).
    /// </summary>
    /// <param name="dataDir">The data folder (<see cref="LocalLayout"/>).</param>
    /// <param name="apiPort">Operator API and dashboard port on 127.0.0.1.</param>
    /// <param name="watch">Watcher options.</param>
    /// <param name="cityCode">The city's 6-digit code (areas and names of the dashboard), e.g. 630100.</param>
    /// <param name="ready">Receives the start lines.</param>
    /// <param name="ct">Stops the host.</param>
    public static async Task RunAsync(string dataDir, int apiPort, WatchOptions watch, string cityCode, Action<string>? ready = null, CancellationToken ct = default)
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
        s.AddDurableSidecar(grpcAddress, service, service);

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
        s.AddSingleton(_ => new BlobContainerClient(azurite.ConnectionString, AzuriteDropWatcher.Container));
        s.AddHostedService<AzuriteDropWatcher>();
        s.AddSingleton(_ => CityMap.Load(cityCode));
        s.AddSingleton<ServeOperatorSources>();
        s.AddHostedService(sp => sp.GetRequiredService<ServeOperatorSources>());

        await using var app = builder.Build();
        app.MapGrpcService<TaskHubGrpcServer>();
        var tokens = new LocalTokens();
        var city = new OperatorPrincipal("local-city-operator", "市级操作员 (canbao serve)", null);
        var token = Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } fixedToken ? fixedToken : null;
        if (token is not null) tokens.Register(token, city);
        else token = tokens.Issue(city);
        var sources = app.Services.GetRequiredService<ServeOperatorSources>();
        app.MapCanbaoOperatorApi(new OperatorApiOptions(
            new StoreOperatorData(app.Services.GetRequiredService<IPersonStore>(), () => sources.Current, sources.InstancesAsync),
            new JsonLinesAuditLog(Path.Combine(layout.Root, "audit.jsonl")), [tokens])
        {
            Workflows = new WorkflowApiOptions(app.Services.GetRequiredService<DurableTaskClient>(), sources.LatestRoundAsync),
        });
        await app.StartAsync(ct);
        ready?.Invoke($"canbao serve: data {layout.Root}; drops {layout.Drops}/<feed>/ and blobs <feed>/<file> in http://127.0.0.1:{azurite.BlobPort}/devstoreaccount1/{AzuriteDropWatcher.Container} (Azurite development account)");
        ready?.Invoke($"  dashboard: http://127.0.0.1:{apiPort}/  API: http://127.0.0.1:{apiPort}/api/instances");
        ready?.Invoke($"  operator token (city scope): {token}");
        ready?.Invoke($"  curl -H 'Authorization: Bearer {token}' http://127.0.0.1:{apiPort}/api/rounds/latest");
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
