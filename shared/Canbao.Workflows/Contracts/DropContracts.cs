namespace Canbao.Workflows.Contracts;

/// <summary>
/// A department drop as a trigger reports it: where it is and which version. Small: a reference, never content.
/// </summary>
/// <param name="Container">Blob container (or <c>drops</c> for the local folder), e.g. <c>extracts</c>.</param>
/// <param name="Name">Blob name / path under the container, e.g. <c>civil-affairs/2026-11-28-deaths.csv</c>.</param>
/// <param name="Feed">Feed id (FeedCatalog), usually the first path segment.</param>
/// <param name="ETag">Version the trigger saw (blob ETag; for a folder, length and write time); null when unknown.</param>
/// <param name="Length">Content length in bytes the trigger saw; null when unknown.</param>
public sealed record DropRef(string Container, string Name, string Feed, string? ETag, long? Length);

/// <summary>Input of <see cref="Drops.DropIngestionOrchestrator"/>.</summary>
/// <param name="Drop">The drop.</param>
/// <param name="MaxAttempts">N: import attempts before the drop is quarantined (case 16: attempts stop at N). At least 1.</param>
/// <param name="SettleSeconds">Seconds between two looks at the drop; a drop whose length or ETag changes in between is still being written and is not imported. 0 = one look.</param>
/// <param name="RetrySeconds">Seconds between failed attempts.</param>
public sealed record DropIngestionInput(DropRef Drop, int MaxAttempts = 3, int SettleSeconds = 5, int RetrySeconds = 10);

/// <summary>What one look at a drop found.</summary>
/// <param name="Exists">False when the drop is gone.</param>
/// <param name="Length">Content length in bytes.</param>
/// <param name="ETag">Current version (ETag, or length+write time for a file).</param>
/// <param name="ContentHash">SHA-256 of the content, lowercase hex; empty for a zero-length or missing drop.</param>
/// <param name="ChangedWhileReading">True when the version before reading differs from the version after (still being written).</param>
public sealed record DropProbe(bool Exists, long Length, string ETag, string ContentHash, bool ChangedWhileReading);

/// <summary>Request to import one version of a drop.</summary>
/// <param name="Drop">The drop, with the ETag that was probed.</param>
/// <param name="ContentHash">SHA-256 of the probed content; the import must read exactly this content or fail.</param>
/// <param name="Attempt">1-based attempt number.</param>
public sealed record DropImportRequest(DropRef Drop, string ContentHash, int Attempt);

/// <summary>Counts of one import and where its outputs are. Rows in = accepted + held + rejected.</summary>
/// <param name="RowsIn">Data rows read.</param>
/// <param name="Accepted">Rows accepted clean.</param>
/// <param name="Held">Rows accepted with warnings (need review).</param>
/// <param name="Rejected">Rows rejected.</param>
/// <param name="BatchRef">Reference (blob name / path) of the normalized batch.</param>
/// <param name="ReportRef">Reference of the row report (every held/rejected row with row, column and reason).</param>
public sealed record DropImportSummary(int RowsIn, int Accepted, int Held, int Rejected, string BatchRef, string ReportRef);

/// <summary>How a drop ingestion ended.</summary>
public enum DropOutcomeKind
{
    /// <summary>Imported once; <see cref="DropOutcome.Summary"/> is set.</summary>
    Imported,
    /// <summary>The same content was already imported (or is being imported by another instance): nothing done.</summary>
    Duplicate,
    /// <summary>Zero-length, still changing, superseded or missing: not imported and not marked processed.</summary>
    NotReady,
    /// <summary>Failed N times: moved to quarantine with the reason.</summary>
    Quarantined,
}

/// <summary>Result of <see cref="Drops.DropIngestionOrchestrator"/>.</summary>
/// <param name="Kind">How it ended.</param>
/// <param name="Reason">Why (not ready / duplicate / last failure), at most <see cref="Payload.MaxReasonChars"/> characters; null when imported.</param>
/// <param name="Attempts">Import attempts made (0 when none was needed).</param>
/// <param name="ContentHash">SHA-256 of the content looked at, or empty.</param>
/// <param name="Summary">Counts and refs when imported.</param>
public sealed record DropOutcome(DropOutcomeKind Kind, string? Reason, int Attempts, string ContentHash, DropImportSummary? Summary);

/// <summary>Result of claiming a content hash before import.</summary>
public enum ImportClaim
{
    /// <summary>This instance holds the claim (new, or its own earlier claim); import.</summary>
    Claimed,
    /// <summary>This content was imported before.</summary>
    AlreadyImported,
    /// <summary>Another instance is importing this content now.</summary>
    InProgressElsewhere,
}

/// <summary>Request to claim a content hash for one orchestration instance.</summary>
/// <param name="ContentHash">SHA-256 of the content.</param>
/// <param name="InstanceId">The claiming orchestration instance.</param>
/// <param name="Drop">The drop (recorded with the claim).</param>
public sealed record ImportClaimRequest(string ContentHash, string InstanceId, DropRef Drop);

/// <summary>Marks an import done (after the import) or released (after quarantine).</summary>
/// <param name="ContentHash">SHA-256 of the content.</param>
/// <param name="InstanceId">The orchestration instance that held the claim.</param>
/// <param name="Summary">The import summary; null to release the claim.</param>
public sealed record ImportCompletion(string ContentHash, string InstanceId, DropImportSummary? Summary);

/// <summary>Request to quarantine a drop.</summary>
/// <param name="Drop">The drop.</param>
/// <param name="Reason">Last failure, short.</param>
/// <param name="Attempts">Attempts made.</param>
public sealed record QuarantineRequest(DropRef Drop, string Reason, int Attempts);
