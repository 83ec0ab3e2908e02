using System.Security.Cryptography;
using System.Text;
using Canbao.Workflows.Contracts;

namespace Canbao.Workflows;

/// <summary>
/// Deterministic instance ids: the same trigger twice maps to the same instance, so a duplicate start is refused
/// (case 16: the idempotency key is (container, blob name, ETag), not the blob name alone nor the event id).
/// </summary>
public static class WorkflowIds
{
    /// <summary><c>drop-</c> + the first 32 hex characters of SHA-256(container/name@etag).</summary>
    public static string Drop(DropRef drop)
    {
        var key = $"{drop.Container}/{drop.Name}@{drop.ETag}";
        return "drop-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
    }

    /// <summary><c>round-{roundId}</c>.</summary>
    public static string Round(string roundId) => $"round-{roundId}";

    /// <summary><c>campaign-{roundId}</c>.</summary>
    public static string Campaign(string roundId) => $"campaign-{roundId}";

    /// <summary><c>roster-{roundId}-{township}</c>: the instance the results and review events are raised on.</summary>
    public static string Roster(RosterKey roster) => $"roster-{roster.RoundId}-{roster.Township}";

    /// <summary><c>monthly-report</c>: the one eternal report instance.</summary>
    public const string MonthlyReport = "monthly-report";
}

/// <summary>Names of the external events the workflows wait for.</summary>
public static class WorkflowEvents
{
    /// <summary>A roster's results came back; payload <see cref="RosterSubmission"/>; raised on <see cref="WorkflowIds.Roster"/>.</summary>
    public const string RosterResults = "RosterResults";

    /// <summary>An operator reviewed a roster's results; payload <see cref="ReviewDecision"/>.</summary>
    public const string RosterReview = "RosterReview";
}
