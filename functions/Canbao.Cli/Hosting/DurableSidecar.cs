using Canbao.Workflows;
using DurableTask.Core;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Canbao.Cli.Hosting;

/// <summary>
/// The one way this host wires Durable Task: the sidecar (<see cref="TaskHubGrpcServer"/>, map it with
/// <c>app.MapGrpcService&lt;TaskHubGrpcServer&gt;()</c>) over an orchestration service, a worker running
/// <see cref="CanbaoWorkflows"/> and a client, both over gRPC at the sidecar's loopback address. Used by
/// <c>canbao serve</c> (Azure Storage provider on Azurite) and <c>canbao demo</c> (in-memory service).
/// </summary>
public static class DurableSidecar
{
    /// <summary>Adds gRPC, the sidecar, the worker and the client.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="grpcAddress">The sidecar's address, e.g. <c>http://127.0.0.1:41234</c> (HTTP/2, loopback only).</param>
    /// <param name="dispatch">The service the sidecar's dispatchers fetch work items from (its window sizes apply).</param>
    /// <param name="client">The service client (start, query, purge, raise events).</param>
    public static IServiceCollection AddDurableSidecar(this IServiceCollection services, string grpcAddress,
        IOrchestrationService dispatch, IOrchestrationServiceClient client)
    {
        services.AddGrpc();
        services.AddSingleton(dispatch);
        services.AddSingleton(client);
        services.AddSingleton<TaskHubGrpcServer>();
        services.AddDurableTaskWorker(b => { b.UseGrpc(grpcAddress); b.AddTasks(CanbaoWorkflows.Register); });
        services.AddDurableTaskClient(b => { b.UseGrpc(grpcAddress); b.RegisterDirectly(); });
        return services;
    }
}
