namespace Canbao.Ingestion;

/// <summary>
/// Limits a drop must stay within; exceeding one is a file-level error (the file is not read further).
/// They protect the host against runaway input: huge uploads, an unclosed quote that swallows the rest of a CSV,
/// and XLSX zip bombs (a small archive that expands to gigabytes).
/// </summary>
/// <param name="MaxFileBytes">Largest accepted file, in bytes (default 2 GiB).</param>
/// <param name="MaxRowChars">Longest accepted row, in characters after decoding (CSV) or bytes (fixed-width); default 64 Ki.</param>
/// <param name="MaxColumns">Most columns a header or row may have (default 512).</param>
/// <param name="MaxXlsxUncompressedBytes">Most bytes all XLSX archive entries may expand to together (default 1 GiB).</param>
/// <param name="MaxXlsxCompressionRatio">Highest accepted uncompressed/compressed ratio of one XLSX entry (default 200).</param>
/// <param name="MaxXlsxEntries">Most entries an XLSX archive may hold (default 10,000).</param>
public sealed record ReaderLimits(
    long MaxFileBytes = 2L * 1024 * 1024 * 1024,
    int MaxRowChars = 64 * 1024,
    int MaxColumns = 512,
    long MaxXlsxUncompressedBytes = 1L * 1024 * 1024 * 1024,
    double MaxXlsxCompressionRatio = 200,
    int MaxXlsxEntries = 10_000)
{
    /// <summary>The defaults above.</summary>
    public static ReaderLimits Default { get; } = new();
}
