using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Canbao.Domain.Identifiers;

namespace Canbao.Operator.Audit;

/// <summary>
/// One audit entry: who did what to which target, when. Resident IDs appear masked in <see cref="Target"/>;
/// <see cref="TargetHash"/> (SHA-256 hex of the full target key) lets an auditor find every entry about one person
/// without the log holding the ID in clear.
/// </summary>
/// <param name="At">When (UTC).</param>
/// <param name="OperatorId">The operator's id.</param>
/// <param name="Scope">The operator's scope (<c>city</c> or <c>district:NNNNNN</c>).</param>
/// <param name="Action">What: <c>person.read</c>, <c>review.decide</c>, <c>task.approve</c>, <c>roster.download</c> …</param>
/// <param name="Target">Which, masked: <c>person:630102***********7</c>, <c>task:T-0001</c>.</param>
/// <param name="TargetHash">SHA-256 hex of the unmasked target key.</param>
/// <param name="Detail">Outcome or decision, no personal data.</param>
public sealed record AuditEntry(DateTimeOffset At, string OperatorId, string Scope, string Action, string Target, string TargetHash, string Detail)
{
    /// <summary>Builds an entry about a person: masks the resident ID and hashes it.</summary>
    public static AuditEntry AboutPerson(DateTimeOffset at, Auth.OperatorPrincipal who, string action, string residentId, string detail) =>
        new(at, who.Id, who.Scope, action, "person:" + ResidentId.Mask(residentId), HashOf(residentId), detail);

    /// <summary>Builds an entry about anything else (task, review item, report): the key is not personal data.</summary>
    public static AuditEntry About(DateTimeOffset at, Auth.OperatorPrincipal who, string action, string kind, string key, string detail) =>
        new(at, who.Id, who.Scope, action, kind + ":" + key, HashOf(key), detail);

    /// <summary>SHA-256 hex (upper case) of a key, as stored in <see cref="TargetHash"/>.</summary>
    public static string HashOf(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

/// <summary>The audit log: append-only; every person read and every review decision goes here.</summary>
public interface IAuditLog
{
    /// <summary>Appends one entry (must be durable before the API answers).</summary>
    Task AppendAsync(AuditEntry entry, CancellationToken ct = default);

    /// <summary>The latest entries, newest first, at most <paramref name="take"/>.</summary>
    Task<IReadOnlyList<AuditEntry>> LatestAsync(int take, CancellationToken ct = default);
}

/// <summary>Audit log in memory (tests, samples).</summary>
public sealed class InMemoryAuditLog : IAuditLog
{
    private readonly List<AuditEntry> _entries = [];

    /// <summary>Every entry, oldest first.</summary>
    public IReadOnlyList<AuditEntry> Entries { get { lock (_entries) return [.. _entries]; } }

    /// <inheritdoc />
    public Task AppendAsync(AuditEntry entry, CancellationToken ct = default) { lock (_entries) _entries.Add(entry); return Task.CompletedTask; }

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEntry>> LatestAsync(int take, CancellationToken ct = default)
    {
        lock (_entries) return Task.FromResult<IReadOnlyList<AuditEntry>>([.. _entries.AsEnumerable().Reverse().Take(take)]);
    }
}

/// <summary>Audit log as a JSON-lines file (one <see cref="AuditEntry"/> per line, snake_case), flushed on every append.</summary>
/// <param name="path">The file; created with its folder when missing.</param>
public sealed class JsonLinesAuditLog(string path) : IAuditLog
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <inheritdoc />
    public async Task AppendAsync(AuditEntry entry, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await File.AppendAllTextAsync(path, JsonSerializer.Serialize(entry, Api.OperatorJson.Options) + "\n", ct);
        }
        finally { _gate.Release(); }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditEntry>> LatestAsync(int take, CancellationToken ct = default)
    {
        if (!File.Exists(path)) return [];
        var lines = await File.ReadAllLinesAsync(path, ct);
        return [.. lines.Reverse().Where(l => l.Length > 0).Take(take).Select(l => JsonSerializer.Deserialize<AuditEntry>(l, Api.OperatorJson.Options)!)];
    }
}
