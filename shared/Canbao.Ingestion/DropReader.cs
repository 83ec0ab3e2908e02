using Canbao.Domain.Standard;
using Canbao.Domain.Validation;

namespace Canbao.Ingestion;

/// <summary>
/// The one entry point for reading a department drop: detects the format (XLSX by its zip signature, fixed-width
/// text when the name ends in .txt/.dat/.fix and the feed has a <see cref="FixedWidthLayout"/>, else CSV), detects
/// and verifies the encoding (<see cref="TextEncodingDetector"/>), enforces <see cref="ReaderLimits"/>, maps the header
/// to the feed (<see cref="HeaderMap"/>) and streams one validated <see cref="ReadRow"/> per data row.
/// </summary>
public static class DropReader
{
    /// <summary>Opens a drop from a stream (not owned; a non-seekable stream is first copied to a temporary file).</summary>
    /// <param name="stream">The file's bytes.</param>
    /// <param name="fileName">The file name, for the format and for reports.</param>
    /// <param name="feed">The feed the drop belongs to.</param>
    /// <param name="context">Processing date and reference data for the validator.</param>
    /// <param name="limits">Limits; <see cref="ReaderLimits.Default"/> when null.</param>
    /// <param name="format">Forces a format instead of detecting it.</param>
    public static DropReading Read(Stream stream, string fileName, FeedSpec feed, ValidationContext context, ReaderLimits? limits = null, DropFormat? format = null)
    {
        limits ??= ReaderLimits.Default;
        Stream seekable = stream;
        IDisposable? temp = null;
        if (!stream.CanSeek)
        {
            var tempFile = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
            CopyLimited(stream, tempFile, limits.MaxFileBytes + 1);
            tempFile.Position = 0;
            temp = tempFile;
            seekable = tempFile;
        }

        var detected = format ?? DetectFormat(seekable, fileName, feed);
        var reading = new DropReading(fileName, feed.Id, detected);
        if (temp is not null) reading.Own(temp);

        var length = seekable.Length - seekable.Position;
        if (length > limits.MaxFileBytes)
        {
            reading.Error = new FileError(FileErrorCodes.TooLarge, $"the file has {length:N0} bytes; the limit is {limits.MaxFileBytes:N0}");
            return reading;
        }

        if (detected != DropFormat.Xlsx && IsLegacyXls(seekable))
        {
            reading.Error = new FileError(FileErrorCodes.Unsupported, "the file is a legacy Excel 97-2003 workbook (.xls); save it as .xlsx or CSV and send it again");
            return reading;
        }

        switch (detected)
        {
            case DropFormat.Xlsx:
                XlsxDropReader.Open(reading, seekable, feed, context, limits);
                break;
            case DropFormat.FixedWidth:
                if (!TextEncodingDetector.TryDetect(seekable, out var fwEncoding, out var fwError)) { reading.Error = fwError; break; }
                reading.Encoding = fwEncoding!.Name;
                FixedWidthDropReader.Open(reading, seekable, fwEncoding, feed, context, limits);
                break;
            default:
                if (!TextEncodingDetector.TryDetect(seekable, out var encoding, out var error)) { reading.Error = error; break; }
                reading.Encoding = encoding!.Name;
                // 16 KiB: the reader's char buffer stays off the large-object heap (64 KiB made a 128 KB char[] per drop).
                var text = new StreamReader(seekable, encoding.Encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 14, leaveOpen: true);
                reading.Own(text);
                CsvDropReader.Open(reading, text, feed, context, limits);
                break;
        }
        return reading;
    }

    /// <summary>
    /// Reads CSV that is already decoded (e.g. pasted text). A leading U+FEFF is removed (case 05); a U+FFFD anywhere
    /// rejects the whole text (case 04). The encoding is reported as <c>text</c>.
    /// </summary>
    /// <param name="text">The CSV text.</param>
    /// <param name="fileName">A name for reports.</param>
    /// <param name="feed">The feed.</param>
    /// <param name="context">Processing date and reference data.</param>
    /// <param name="limits">Limits; defaults when null.</param>
    public static DropReading ReadText(string text, string fileName, FeedSpec feed, ValidationContext context, ReaderLimits? limits = null)
    {
        limits ??= ReaderLimits.Default;
        var reading = new DropReading(fileName, feed.Id, DropFormat.Csv) { Encoding = "text" };
        var bad = text.IndexOf('\uFFFD');
        if (bad >= 0)
        {
            var line = text.AsSpan(0, bad).Count('\n') + 1;
            reading.Error = new FileError(FileErrorCodes.Encoding,
                $"the text contains the replacement character U+FFFD at line {line}: it was garbled (mojibake) before it arrived; the whole file is rejected");
            return reading;
        }
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var reader = new StringReader(text);
        reading.Own(reader);
        CsvDropReader.Open(reading, reader, feed, context, limits);
        return reading;
    }

    /// <summary>Detects the format: zip signature → XLSX; .txt/.dat/.fix with a fixed-width layout → fixed-width; else CSV.</summary>
    public static DropFormat DetectFormat(Stream seekable, string fileName, FeedSpec feed)
    {
        var start = seekable.Position;
        Span<byte> head = stackalloc byte[4];
        var n = seekable.Read(head);
        seekable.Position = start;
        if (n == 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4) return DropFormat.Xlsx;
        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        if (feed.FixedWidth is not null && ext is ".txt" or ".dat" or ".fix") return DropFormat.FixedWidth;
        return DropFormat.Csv;
    }

    private static bool IsLegacyXls(Stream seekable)
    {
        var start = seekable.Position;
        Span<byte> head = stackalloc byte[8];
        var n = seekable.Read(head);
        seekable.Position = start;
        return n == 8 && head.SequenceEqual(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 });
    }

    private static void CopyLimited(Stream from, Stream to, long max)
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while (total < max && (read = from.Read(buffer, 0, buffer.Length)) > 0)
        {
            to.Write(buffer, 0, read);
            total += read;
        }
    }
}
