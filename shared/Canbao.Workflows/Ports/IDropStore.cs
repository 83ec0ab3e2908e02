using Canbao.Workflows.Contracts;

namespace Canbao.Workflows.Ports;

/// <summary>Where drops are (Blob Storage in Azure, a folder or Azurite locally): look at one and quarantine one.</summary>
public interface IDropStore
{
    /// <summary>
    /// Looks at the drop now: length, version, SHA-256 of the content, and whether the version changed while it was read.
    /// Returns <c>Exists = false</c> for a missing drop; never throws for that.
    /// </summary>
    Task<DropProbe> ProbeAsync(DropRef drop, CancellationToken ct = default);

    /// <summary>Moves the drop to quarantine (poison) with the reason and attempt count. Idempotent.</summary>
    Task QuarantineAsync(QuarantineRequest request, CancellationToken ct = default);
}
