using Canbao.Domain.Validation;

namespace Canbao.Ingestion;

/// <summary>One data row of a drop as read and validated.</summary>
/// <param name="Line">Where the row starts in the file: the physical line (CSV, fixed-width; 1-based, the header is line 1)
/// or the worksheet row number (XLSX).</param>
/// <param name="Result">The validation: data row number from 1, outcome, findings, normalized record.</param>
public sealed record ReadRow(long Line, RowResult Result);

/// <summary>
/// The account of one drop. Rows = Accepted + Held + Rejected, always; blank rows are not data rows and are counted apart.
/// </summary>
/// <param name="File">The file name as given.</param>
/// <param name="Feed">The feed id.</param>
/// <param name="Format">CSV, XLSX or fixed-width.</param>
/// <param name="Encoding">The detected text encoding (null for XLSX, or when detection failed).</param>
/// <param name="Delimiter">The detected CSV delimiter (null for other formats).</param>
/// <param name="Rows">Data rows read.</param>
/// <param name="Accepted">Rows accepted without findings.</param>
/// <param name="Held">Rows accepted with warnings.</param>
/// <param name="Rejected">Rows rejected.</param>
/// <param name="BlankRows">Rows whose every field is empty (skipped, not data rows).</param>
/// <param name="IgnoredColumns">Named columns the feed does not know.</param>
/// <param name="Error">The file-level error when the file (or its remainder) could not be read; then nothing of it may be imported.</param>
public sealed record DropSummary(string File, string Feed, DropFormat Format, string? Encoding, char? Delimiter,
    long Rows, long Accepted, long Held, long Rejected, long BlankRows, IReadOnlyList<string> IgnoredColumns, FileError? Error)
{
    /// <summary>File-level warnings (the file was read; e.g. <see cref="FileWarningCodes.NoDataRows"/>); empty when none.</summary>
    public IReadOnlyList<FileWarning> Warnings { get; init; } = [];
}
