using Canbao.Workflows.Contracts;

namespace Canbao.Workflows.Ports;

/// <summary>
/// Which contents were imported: the idempotency record of drop ingestion, keyed on the content's SHA-256 (case 16:
/// the same content dropped twice, or a trigger firing twice, yields one import).
/// </summary>
public interface IImportLedger
{
    /// <summary>
    /// Atomically claims <see cref="ImportClaimRequest.ContentHash"/> for the instance. A claim already held by the same
    /// instance (a retry or replay) is <see cref="ImportClaim.Claimed"/> again; a completed import is
    /// <see cref="ImportClaim.AlreadyImported"/>; a claim held by another instance is <see cref="ImportClaim.InProgressElsewhere"/>.
    /// </summary>
    Task<ImportClaim> ClaimAsync(ImportClaimRequest request, CancellationToken ct = default);

    /// <summary>Marks the claim completed (summary set) or releases it (summary null, after quarantine). Idempotent.</summary>
    Task CompleteAsync(ImportCompletion completion, CancellationToken ct = default);
}
