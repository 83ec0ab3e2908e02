using Canbao.Workflows.Contracts;

namespace Canbao.Workflows.Ports;

/// <summary>Purges completed, failed and terminated orchestration history (the host's Durable Task client).</summary>
public interface IHistoryPurger
{
    /// <summary>Purges instances that finished before <see cref="PurgeRequest.CompletedBefore"/>; returns how many.</summary>
    Task<int> PurgeAsync(PurgeRequest request, CancellationToken ct = default);
}
