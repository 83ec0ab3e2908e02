namespace Canbao.Ingestion;

/// <summary>
/// Why a drop could not be read (as a whole): no row of it is imported. Codes are stable (see <see cref="FileErrorCodes"/>);
/// the message says where (byte offset, line, column) and why, without resident IDs, names or phones unmasked.
/// </summary>
/// <param name="Code">Stable upper-snake-case code.</param>
/// <param name="Message">What is wrong and where.</param>
public sealed record FileError(string Code, string Message);

/// <summary>The stable codes of file-level errors.</summary>
public static class FileErrorCodes
{
    /// <summary>Bytes that are not valid in the detected encoding, or U+FFFD (mojibake) in a decoded field (case 04).</summary>
    public const string Encoding = "FILE_ENCODING";
    /// <summary>The file is larger than <see cref="ReaderLimits.MaxFileBytes"/>.</summary>
    public const string TooLarge = "FILE_TOO_LARGE";
    /// <summary>A row is longer than <see cref="ReaderLimits.MaxRowChars"/> or has more than <see cref="ReaderLimits.MaxColumns"/> columns.</summary>
    public const string RowTooLong = "FILE_ROW_TOO_LONG";
    /// <summary>The XLSX archive expands beyond the limits (zip bomb) or is not a readable archive.</summary>
    public const string XlsxExpansion = "FILE_XLSX_EXPANSION";
    /// <summary>The XLSX file cannot be read as a workbook.</summary>
    public const string XlsxUnreadable = "FILE_XLSX_UNREADABLE";
    /// <summary>The file has no header row.</summary>
    public const string Empty = "FILE_EMPTY";
    /// <summary>A required column of the feed is missing from the header.</summary>
    public const string RequiredColumnMissing = "FILE_REQUIRED_COLUMN_MISSING";
    /// <summary>Two columns of the header map to the same field of the feed.</summary>
    public const string DuplicateColumn = "FILE_DUPLICATE_COLUMN";
    /// <summary>The file does not exist or cannot be opened (raised by hosts before the reader sees any byte).</summary>
    public const string CannotOpen = "FILE_CANNOT_OPEN";
    /// <summary>The format is not supported for this feed (e.g. fixed-width text for a feed without a layout).</summary>
    public const string Unsupported = "FILE_FORMAT_UNSUPPORTED";
}
