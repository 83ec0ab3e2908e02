using Canbao.Workflows.Ports;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Canbao.Workflows.Tests;

/// <summary>The in-process Durable Task host with every Canbao workflow registered and fakes behind the ports; quiet logger.</summary>
public sealed class WorkflowHost : IAsyncDisposable
{
    private readonly DurableTaskTestHost host;
    public MemoryDropStore Drops { get; } = new();
    public MemoryImportLedger Ledger { get; } = new();
    public ScriptedIngestor Ingestor { get; } = new();
    public FakeRoundRunner Rounds { get; } = new();
    public RecordingStarter Starter { get; } = new();
    public RecordingDispatcher Dispatcher { get; } = new();
    public RecordingReports Reports { get; } = new();
    public DurableTaskClient Client => host.Client;

    private WorkflowHost(DurableTaskTestHost host) => this.host = host;

    public static async Task<WorkflowHost> StartAsync()
    {
        // The test host picks a random port; with several test assemblies running at once it can collide, so retry.
        for (var attempt = 1; ; attempt++)
        {
            try { return await StartOnceAsync(); }
            catch (IOException e) when (attempt < 5 && e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase)) { }
        }
    }

    private static async Task<WorkflowHost> StartOnceAsync()
    {
        WorkflowHost? self = null;
        var host = await DurableTaskTestHost.StartAsync(CanbaoWorkflows.Register, new DurableTaskTestHostOptions
        {
            LoggerFactory = NullLoggerFactory.Instance,
            ConfigureServices = services =>
            {
                services.AddSingleton<IDropStore>(_ => self!.Drops);
                services.AddSingleton<IImportLedger>(_ => self!.Ledger);
                services.AddSingleton<IDropIngestor>(_ => self!.Ingestor);
                services.AddSingleton<IRoundRunner>(_ => self!.Rounds);
                services.AddSingleton<IWorkflowStarter>(_ => self!.Starter);
                services.AddSingleton<IRosterDispatcher>(_ => self!.Dispatcher);
                services.AddSingleton<IReportWriter>(_ => self!.Reports);
                services.AddSingleton<IHistoryPurger>(_ => self!.Reports);
            },
        });
        self = new WorkflowHost(host);
        return self;
    }

    /// <summary>Waits (up to 30 s) until the instance's custom status contains <paramref name="text"/>.</summary>
    public async Task WaitForStatusAsync(string instanceId, string text)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < until)
        {
            var meta = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
            if (meta?.SerializedCustomStatus?.Contains(text, StringComparison.Ordinal) == true) return;
            await Task.Delay(50);
        }
        throw new TimeoutException($"{instanceId} never reached status '{text}'");
    }

    /// <summary>Waits (up to 60 s) for completion and returns the metadata with inputs and outputs.</summary>
    public async Task<OrchestrationMetadata> CompleteAsync(string instanceId)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();

}
