namespace Canbao.Ingestion;

/// <summary>
/// A finding about a drop as a whole that does not stop it being read (its rows, if any, are imported as usual).
/// Codes are stable (see <see cref="FileWarningCodes"/>).
/// </summary>
/// <param name="Code">Stable upper-snake-case code.</param>
/// <param name="Message">What is odd about the file, without resident IDs, names or phones.</param>
public sealed record FileWarning(string Code, string Message);

/// <summary>The stable codes of file-level warnings.</summary>
public static class FileWarningCodes
{
    /// <summary>The file has a header row but no data rows (only blank rows, or nothing, after the header).</summary>
    public const string NoDataRows = "FILE_NO_DATA_ROWS";
}
