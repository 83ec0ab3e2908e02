using System.Text;
using Canbao.Domain.Standard;
using Canbao.Domain.Validation;

namespace Canbao.Ingestion;

/// <summary>
/// Fixed-width text (case 15): each line is cut at the layout's BYTE offsets on the raw bytes, then each field is
/// decoded strictly in the file's encoding and right-trimmed. A record whose byte length differs from
/// <see cref="FixedWidthLayout.RecordBytes"/> is rejected with its line number (never re-aligned); a field whose
/// boundary falls inside a multi-byte character gets a field-level <see cref="ReaderIssueCodes.FieldEncoding"/> error.
/// Lines end in LF or CRLF; UTF-16 files are not supported (their bytes cannot be cut at single-byte offsets).
/// </summary>
internal static class FixedWidthDropReader
{
    public static void Open(DropReading reading, Stream stream, DetectedEncoding encoding, FeedSpec feed, ValidationContext context, ReaderLimits limits)
    {
        if (feed.FixedWidth is null)
        {
            reading.Error = new FileError(FileErrorCodes.Unsupported, $"feed {feed.Id} has no fixed-width layout");
            return;
        }
        if (encoding.Encoding is UnicodeEncoding)
        {
            reading.Error = new FileError(FileErrorCodes.Unsupported, $"fixed-width text in {encoding.Name} is not supported; send it in GB18030 or UTF-8");
            return;
        }
        reading.SetRows(Rows(reading, stream, encoding.Encoding, feed, new RowBuilder(feed, new string?[feed.Fields.Count], context), limits));
    }

    private static IEnumerable<ReadRow> Rows(DropReading reading, Stream stream, Encoding encoding, FeedSpec feed, RowBuilder builder, ReaderLimits limits)
    {
        var layout = feed.FixedWidth!;
        var fieldOfLayout = layout.Fields.Select(l => feed.Fields.ToList().FindIndex(f => f.Field.Key == l.Key)).ToArray();
        var names = builder.ColumnNames;
        long dataRow = 0, line = 0;
        foreach (var raw in ByteLines(stream, limits.MaxRowChars))
        {
            line++;
            if (raw.IsTooLong)
            {
                reading.Error = new FileError(FileErrorCodes.RowTooLong, $"line {line} is longer than {limits.MaxRowChars:N0} bytes; the file is not read further");
                yield break;
            }
            var bytes = raw.Bytes;
            if (bytes.Length == 0 || bytes.AsSpan().IndexOfAnyExcept((byte)' ') < 0) { reading.CountBlank(); continue; }
            dataRow++;
            if (bytes.Length != layout.RecordBytes)
            {
                yield return new ReadRow(line, RowBuilder.Reject(dataRow, [new FieldIssue("record", Issue.Error(ReaderIssueCodes.RecordLength,
                    $"record {dataRow} (line {line}) has {bytes.Length} bytes; the layout defines {layout.RecordBytes} bytes per record — not re-aligned"))]));
                continue;
            }
            List<FieldIssue>? issues = null;
            var values = new string?[feed.Fields.Count];
            for (var i = 0; i < layout.Fields.Count; i++)
            {
                var f = fieldOfLayout[i];
                if (f < 0) continue;
                var lf = layout.Fields[i];
                var slice = bytes.AsSpan(lf.StartByte - 1, lf.LengthBytes);
                try
                {
                    var value = encoding.GetString(slice).TrimEnd(' ');
                    values[f] = value.Length == 0 ? null : value;
                }
                catch (DecoderFallbackException)
                {
                    (issues ??= []).Add(new FieldIssue(names[f], Issue.Error(ReaderIssueCodes.FieldEncoding,
                        $"bytes {lf.StartByte}–{lf.StartByte + lf.LengthBytes - 1} of record {dataRow} (line {line}) do not decode as whole characters: a field boundary falls inside a multi-byte character (value truncated by the sender?)")));
                }
            }
            yield return new ReadRow(line, builder.Build(dataRow, values, issues));
        }
    }

    private readonly record struct ByteLine(byte[] Bytes, bool IsTooLong);

    /// <summary>Splits a stream into lines on LF, removing a CR before it. Safe for UTF-8 and GB18030 (no multi-byte unit contains 0x0A).</summary>
    private static IEnumerable<ByteLine> ByteLines(Stream stream, int maxBytes)
    {
        var buffer = new byte[1 << 16];
        var pending = new MemoryStream();
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            var start = 0;
            while (start < read)
            {
                var nl = buffer.AsSpan(start, read - start).IndexOf((byte)'\n');
                if (nl < 0)
                {
                    pending.Write(buffer, start, read - start);
                    if (pending.Length > maxBytes) { yield return new ByteLine([], true); yield break; }
                    break;
                }
                pending.Write(buffer, start, nl);
                start += nl + 1;
                if (pending.Length > maxBytes) { yield return new ByteLine([], true); yield break; }
                yield return new ByteLine(TrimCr(pending), false);
                pending.SetLength(0);
            }
        }
        if (pending.Length > 0) yield return new ByteLine(TrimCr(pending), false);
    }

    private static byte[] TrimCr(MemoryStream pending)
    {
        var span = pending.GetBuffer().AsSpan(0, (int)pending.Length);
        if (span.Length > 0 && span[^1] == (byte)'\r') span = span[..^1];
        return span.ToArray();
    }
}
