using Azure.Core;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Blobs;
using Canbao.Functions;
using Canbao.Functions.Adapters;
using Canbao.Functions.Drops;
using Canbao.Hosting.Ports;
using Canbao.Hosting.Reports;
using Canbao.Hosting.Rounds;
using Canbao.Hosting.Surveys;
using Canbao.Store;
using Canbao.Store.ChangeFeed;
using Canbao.Store.Cosmos;
using Canbao.Workflows.Ports;
using Microsoft.Azure.Cosmos;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The Functions host: thin. Every Azure client uses the managed identity (DefaultAzureCredential) unless a local
// connection string is configured (Azurite). Setting names: Settings.cs.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
builder.Services.AddSingleton(sp => DropsBlobService(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<TokenCredential>()));
builder.Services.AddSingleton(sp =>
{
    var config = sp.GetRequiredService<IConfiguration>();
    var endpoint = config[Settings.CosmosEndpoint] ?? throw new InvalidOperationException($"setting {Settings.CosmosEndpoint} is missing");
    return new CosmosClient(endpoint, sp.GetRequiredService<TokenCredential>(), new CosmosClientOptions { AllowBulkExecution = true });
});
builder.Services.AddSingleton(sp => new CosmosPersonStore(sp.GetRequiredService<CosmosClient>(),
    new CosmosStoreOptions { Database = sp.GetRequiredService<IConfiguration>()[Settings.CosmosDatabase] ?? "canbao" }));
builder.Services.AddSingleton<DistrictViewProjector>();
// The derived data's chains of dependent point operations get their own client without bulk execution: bulk mode
// holds each operation back to fill a batch, which would delay every step of every apply.
builder.Services.AddSingleton(sp => new CosmosDerivedDataStore(
    new CosmosClient(sp.GetRequiredService<IConfiguration>()[Settings.CosmosEndpoint]
        ?? throw new InvalidOperationException($"setting {Settings.CosmosEndpoint} is missing"), sp.GetRequiredService<TokenCredential>()),
    sp.GetRequiredService<CosmosPersonStore>().Options));
builder.Services.AddSingleton(sp =>
{
    var ns = sp.GetRequiredService<IConfiguration>()[Settings.ServiceBusNamespace]
        ?? throw new InvalidOperationException($"setting {Settings.ServiceBusNamespace} is missing");
    return new SurveyDispatchBus(new ServiceBusClient(ns, sp.GetRequiredService<TokenCredential>()));
});
builder.Services.AddSingleton<BlobCheckpoint>();
// One consumer, four handlers: the district view (persons by district, for QueryDistrictAsync) and the derived data
// (district statistics, survey work list, department lists) in their own Cosmos containers. Consumer name
// "derived-data": checkpoint blob checkpoints/derived-data, parked list under parked:derived-data.
builder.Services.AddSingleton(sp => new ChangeFeedConsumer(sp.GetRequiredService<CosmosPersonStore>(), sp.GetRequiredService<BlobCheckpoint>(),
    new CosmosParkedChanges(sp.GetRequiredService<CosmosPersonStore>(), "derived-data"),
    [sp.GetRequiredService<DistrictViewProjector>(), .. DerivedDataHandlers.All(sp.GetRequiredService<CosmosDerivedDataStore>())],
    new ChangeFeedConsumerOptions { Name = "derived-data" }));
builder.Services.AddSingleton<IDropStore, BlobDropStore>();
builder.Services.AddSingleton<IImportLedger, BlobImportLedger>();
builder.Services.AddSingleton<IDropIngestor, BlobDropIngestor>();
builder.Services.AddSingleton<DropIntake>();
// The workflows' shared ports (Canbao.Hosting) over Blob Storage (artifacts in Settings.WorkContainer of the Drops
// account), Cosmos DB (persons) and Service Bus (roster messages): the same classes the local host runs over a folder,
// SQLite and a storage queue.
builder.Services.AddSingleton<IPersonStore>(sp => sp.GetRequiredService<CosmosPersonStore>());
builder.Services.AddSingleton<IArtifactStore>(sp => new BlobArtifactStore(sp.GetRequiredService<BlobServiceClient>()));
builder.Services.AddSingleton<IRosterMessages, ServiceBusRosterMessages>();
builder.Services.AddSingleton<IRoundRunner>(sp => new ArtifactRoundRunner(sp.GetRequiredService<IArtifactStore>(), sp.GetRequiredService<IPersonStore>()));
builder.Services.AddSingleton<IRosterDispatcher>(sp => new ArtifactRosterDispatcher(sp.GetRequiredService<IArtifactStore>(),
    sp.GetRequiredService<IPersonStore>(), sp.GetRequiredService<IRosterMessages>(), sp.GetRequiredService<TimeProvider>()));
builder.Services.AddSingleton<IReportWriter>(sp => new ProgressReportWriter(sp.GetRequiredService<IArtifactStore>(),
    sp.GetRequiredService<IPersonStore>(), sp.GetRequiredService<TimeProvider>()));

builder.Build().Run();

// "Drops" connection: a connection string locally (Azurite), else Drops__blobServiceUri with the managed identity.
static BlobServiceClient DropsBlobService(IConfiguration config, TokenCredential credential)
{
    var section = config.GetSection(Settings.DropsConnection);
    if (!string.IsNullOrEmpty(section.Value)) return new BlobServiceClient(section.Value);
    var uri = section["blobServiceUri"] ?? throw new InvalidOperationException($"setting {Settings.DropsConnection}__blobServiceUri is missing");
    return new BlobServiceClient(new Uri(uri), credential);
}
