using Canbao.Workflows.Contracts;
using Canbao.Workflows.Ports;
using Microsoft.DurableTask;

namespace Canbao.Workflows.Drops;

/// <summary>Looks at a drop (<see cref="IDropStore.ProbeAsync"/>).</summary>
/// <param name="store">The drop store.</param>
public sealed class ProbeDrop(IDropStore store) : TaskActivity<DropRef, DropProbe>
{
    /// <inheritdoc />
    public override Task<DropProbe> RunAsync(TaskActivityContext context, DropRef input) => store.ProbeAsync(input);
}

/// <summary>Claims a content hash (<see cref="IImportLedger.ClaimAsync"/>).</summary>
/// <param name="ledger">The import ledger.</param>
public sealed class ClaimImport(IImportLedger ledger) : TaskActivity<ImportClaimRequest, ImportClaim>
{
    /// <inheritdoc />
    public override Task<ImportClaim> RunAsync(TaskActivityContext context, ImportClaimRequest input) => ledger.ClaimAsync(input);
}

/// <summary>Imports a drop (<see cref="IDropIngestor.ImportAsync"/>); a thrown exception is one failed attempt.</summary>
/// <param name="ingestor">The ingestor.</param>
public sealed class ImportDrop(IDropIngestor ingestor) : TaskActivity<DropImportRequest, DropImportSummary>
{
    /// <inheritdoc />
    public override Task<DropImportSummary> RunAsync(TaskActivityContext context, DropImportRequest input) => ingestor.ImportAsync(input);
}

/// <summary>Completes or releases a claim (<see cref="IImportLedger.CompleteAsync"/>).</summary>
/// <param name="ledger">The import ledger.</param>
public sealed class CompleteImport(IImportLedger ledger) : TaskActivity<ImportCompletion, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, ImportCompletion input)
    {
        await ledger.CompleteAsync(input);
        return true;
    }
}

/// <summary>Quarantines a drop (<see cref="IDropStore.QuarantineAsync"/>).</summary>
/// <param name="store">The drop store.</param>
public sealed class QuarantineDrop(IDropStore store) : TaskActivity<QuarantineRequest, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, QuarantineRequest input)
    {
        await store.QuarantineAsync(input);
        return true;
    }
}
