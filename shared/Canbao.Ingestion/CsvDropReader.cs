using System.Buffers;
using Canbao.Domain.Standard;
using Canbao.Domain.Validation;
using nietras.SeparatedValues;

namespace Canbao.Ingestion;

/// <summary>
/// Delimited text through Sep (RFC 4180: quoted LF, lone CR and CRLF, embedded delimiters and doubled quotes — case 06).
/// The delimiter (comma, tab or pipe) is the one that occurs most often outside quotes in the header line.
/// Rows: data rows count from 1; trailing unnamed columns that are empty are ignored, data in them is reported
/// (case 07); a row missing a named column is rejected with its number; a U+FEFF inside a field is removed with a warning (case 05).
/// </summary>
internal static class CsvDropReader
{
    private const int PeekChars = 1 << 16;

    public static void Open(DropReading reading, TextReader text, FeedSpec feed, ValidationContext context, ReaderLimits limits)
    {
        var buffer = ArrayPool<char>.Shared.Rent(PeekChars); // returned by the PrefixedTextReader
        var n = text.ReadBlock(buffer, 0, PeekChars);
        var start = n > 0 && buffer[0] == '\uFEFF' ? 1 : 0;
        var delimiter = DetectDelimiter(buffer.AsSpan(start, n - start));
        reading.Delimiter = delimiter;

        var sep = Sep.New(delimiter).Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true })
            .From(new PrefixedTextReader(buffer, start, n, text));
        reading.Own(sep);

        if (!sep.MoveNext())
        {
            reading.Error = new FileError(FileErrorCodes.Empty, "the file is empty: no header row");
            return;
        }
        var header = sep.Current;
        if (header.ColCount > limits.MaxColumns)
        {
            reading.Error = new FileError(FileErrorCodes.RowTooLong, $"the header has {header.ColCount} columns; the limit is {limits.MaxColumns}");
            return;
        }
        var headers = new string?[header.ColCount];
        for (var c = 0; c < headers.Length; c++) headers[c] = header[c].ToString();
        if (!HeaderMap.TryCreate(headers, feed, out var map, out var error))
        {
            reading.Error = error;
            return;
        }
        reading.IgnoredColumns = map!.IgnoredColumns;
        reading.AbsentFields = feed.Fields.Where((_, i) => map.ColumnOfField[i] < 0).ToList();
        reading.SetRows(Rows(reading, sep, map, new RowBuilder(feed, map.ColumnNames, context), limits));
    }

    /// <summary>The delimiter among comma, tab and pipe that occurs most often outside quotes in the first line (comma on a tie or none).</summary>
    public static char DetectDelimiter(ReadOnlySpan<char> text)
    {
        int comma = 0, tab = 0, pipe = 0;
        var quoted = false;
        foreach (var ch in text)
        {
            if (ch == '"') { quoted = !quoted; continue; }
            if (quoted) continue;
            if (ch is '\n' or '\r') break;
            if (ch == ',') comma++;
            else if (ch == '\t') tab++;
            else if (ch == '|') pipe++;
        }
        if (tab > comma && tab >= pipe) return '\t';
        if (pipe > comma && pipe > tab) return '|';
        return ',';
    }

    private static IEnumerable<ReadRow> Rows(DropReading reading, SepReader sep, HeaderMap map, RowBuilder builder, ReaderLimits limits)
    {
        var fields = builder.Feed.Fields.Count;
        var columnOfField = map.ColumnOfField.ToArray();
        var names = builder.ColumnNames;
        var unnamed = map.Unnamed.ToArray();
        // One values array for the whole drop (the validator copies what it keeps); a cell equal to a recent one of its
        // column (a sex, an insurance type, a status, an employer) reuses that string.
        var values = new string?[fields];
        var strings = new CellStrings(fields);
        long dataRow = 0;
        while (sep.MoveNext())
        {
            var row = sep.Current;
            var line = row.LineNumberFrom;
            if (row.Span.Length > limits.MaxRowChars || row.ColCount > limits.MaxColumns)
            {
                reading.Error = new FileError(FileErrorCodes.RowTooLong,
                    $"the record starting at line {line} has {row.Span.Length:N0} characters in {row.ColCount} columns; the limits are {limits.MaxRowChars:N0} characters and {limits.MaxColumns} columns (an unclosed quote?); the file is not read further");
                yield break;
            }
            var colCount = row.ColCount;
            var blank = true;
            for (var c = 0; c < colCount && blank; c++) if (!row[c].Span.IsWhiteSpace()) blank = false;
            if (blank) { reading.CountBlank(); continue; }
            dataRow++;

            if (colCount <= map.LastNamedColumn)
            {
                var missingName = FirstMissingName(map, colCount, names);
                yield return new ReadRow(line, RowBuilder.Reject(dataRow, [new FieldIssue(missingName, Issue.Error(ReaderIssueCodes.RowTooShort,
                    $"row {dataRow} (line {line}) has {colCount} fields; the header names {map.LastNamedColumn + 1} columns — the row is not used"))]));
                continue;
            }

            List<FieldIssue>? issues = null;
            Array.Clear(values);
            for (var f = 0; f < fields; f++)
            {
                var c = columnOfField[f];
                if (c < 0) continue;
                var span = row[c].Span;
                if (span.IsEmpty) continue;
                if (span.Contains('\uFEFF'))
                {
                    (issues ??= []).Add(new FieldIssue(names[f], Issue.Warning(ReaderIssueCodes.BomInData,
                        $"a byte-order mark (U+FEFF) inside the field was removed; it usually means files were concatenated (row {dataRow}, line {line})")));
                    values[f] = span.ToString().Replace("\uFEFF", "", StringComparison.Ordinal);
                }
                else values[f] = strings.Get(f, span);
            }
            for (var c = 0; c < colCount; c++)
            {
                if (c < unnamed.Length && !unnamed[c]) continue;
                var span = row[c].Span;
                if (span.IsWhiteSpace()) continue;
                (issues ??= []).Add(new FieldIssue((c + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Issue.Warning(ReaderIssueCodes.UnnamedColumnData,
                    $"row {dataRow} (line {line}), column {c + 1} has no header name but holds data: \"{Clip(span)}\" — not imported; name the column or remove the data")));
            }
            yield return new ReadRow(line, builder.Build(dataRow, values, issues));
        }
    }

    private static string FirstMissingName(HeaderMap map, int colCount, string[] names)
    {
        for (var f = 0; f < map.ColumnOfField.Count; f++)
            if (map.ColumnOfField[f] >= colCount) return names[f];
        return (colCount + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Clip(ReadOnlySpan<char> value) => UnnamedValue.ForMessage(value);
}
