using Canbao.Workflows.Contracts;

namespace Canbao.Workflows.Ports;

/// <summary>Imports one version of a drop: reads, validates, writes the normalized batch and the row report.</summary>
public interface IDropIngestor
{
    /// <summary>
    /// Imports the drop. Must be idempotent for the same content hash (outputs named by the hash, row-level upserts), so a
    /// retry after a crash ends in the same state. Throws when the drop cannot be read or its content no longer has
    /// <see cref="DropImportRequest.ContentHash"/>; the message (no resident IDs, names or phones) becomes the failure reason.
    /// </summary>
    Task<DropImportSummary> ImportAsync(DropImportRequest request, CancellationToken ct = default);
}
