using System.Globalization;
using System.IO.Compression;
using System.Text;
using Canbao.Domain.Standard;
using Canbao.Domain.Validation;
using ExcelDataReader;

namespace Canbao.Ingestion;

/// <summary>
/// XLSX through ExcelDataReader, streaming the first worksheet row by row. Before the workbook is opened the archive
/// is checked with System.IO.Compression: entry count, each entry's declared uncompressed size and ratio, and the
/// bytes each entry really expands to (a zip bomb, or a header that lies, stops at the limit with a file-level error).
/// Cell types are honoured: a resident-ID cell stored as a number is reported (<see cref="IssueCodes.IdNumericCell"/>)
/// and never turned into digits; date cells become <c>yyyy-MM-dd</c> (the workbook's 1904 date system is honoured by
/// ExcelDataReader); other numbers are written without exponent or grouping.
/// </summary>
internal static class XlsxDropReader
{
    static XlsxDropReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static void Open(DropReading reading, Stream stream, FeedSpec feed, ValidationContext context, ReaderLimits limits)
    {
        var start = stream.Position;
        if (CheckArchive(stream, limits) is { } archiveError)
        {
            reading.Error = archiveError;
            return;
        }
        stream.Position = start;

        IExcelDataReader excel;
        try
        {
            excel = ExcelReaderFactory.CreateOpenXmlReader(stream, new ExcelReaderConfiguration { LeaveOpen = true });
        }
        catch (Exception ex) when (ex is InvalidDataException or ExcelDataReader.Exceptions.ExcelReaderException or IOException or System.Xml.XmlException)
        {
            reading.Error = new FileError(FileErrorCodes.XlsxUnreadable, $"the file cannot be read as an XLSX workbook: {ex.Message}");
            return;
        }
        reading.Own(excel);

        string?[]? headers = null;
        while (excel.Read())
        {
            if (excel.FieldCount > limits.MaxColumns)
            {
                reading.Error = new FileError(FileErrorCodes.RowTooLong, $"worksheet row {excel.Depth + 1} has {excel.FieldCount} columns; the limit is {limits.MaxColumns}");
                return;
            }
            var cells = new string?[excel.FieldCount];
            var any = false;
            for (var c = 0; c < cells.Length; c++)
            {
                cells[c] = excel.GetValue(c) is { } v ? Convert.ToString(v, CultureInfo.InvariantCulture) : null;
                any |= !string.IsNullOrWhiteSpace(cells[c]);
            }
            if (any) { headers = cells; break; }
        }
        if (headers is null)
        {
            reading.Error = new FileError(FileErrorCodes.Empty, "the first worksheet is empty: no header row");
            return;
        }
        if (!HeaderMap.TryCreate(headers, feed, out var map, out var error))
        {
            reading.Error = error;
            return;
        }
        reading.IgnoredColumns = map!.IgnoredColumns;
        reading.AbsentFields = feed.Fields.Where((_, i) => map.ColumnOfField[i] < 0).ToList();
        reading.SetRows(Rows(reading, excel, map, new RowBuilder(feed, map.ColumnNames, context), limits));
    }

    /// <summary>Checks the archive before any XML is parsed; returns the error or null.</summary>
    internal static FileError? CheckArchive(Stream stream, ReaderLimits limits)
    {
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > limits.MaxXlsxEntries)
                return Bomb($"the archive holds {zip.Entries.Count:N0} entries; the limit is {limits.MaxXlsxEntries:N0}");
            long declared = 0;
            foreach (var entry in zip.Entries)
            {
                declared += entry.Length;
                if (declared > limits.MaxXlsxUncompressedBytes)
                    return Bomb($"the archive's entries declare {declared:N0} bytes uncompressed; the limit is {limits.MaxXlsxUncompressedBytes:N0}");
                if (entry.Length > 1 << 20 && entry.Length > limits.MaxXlsxCompressionRatio * Math.Max(1, entry.CompressedLength))
                    return Bomb($"entry {entry.FullName} expands {entry.Length / (double)Math.Max(1, entry.CompressedLength):N0} times ({entry.CompressedLength:N0} → {entry.Length:N0} bytes); the limit is {limits.MaxXlsxCompressionRatio:N0} times");
            }
            // Declared sizes can lie: count what each entry really expands to, stopping at the limits.
            var buffer = new byte[1 << 16];
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                using var content = entry.Open();
                long size = 0;
                int read;
                while ((read = content.Read(buffer, 0, buffer.Length)) > 0)
                {
                    size += read;
                    total += read;
                    if (total > limits.MaxXlsxUncompressedBytes)
                        return Bomb($"the archive expands beyond {limits.MaxXlsxUncompressedBytes:N0} bytes (entry {entry.FullName})");
                    if (size > entry.Length)
                        return Bomb($"entry {entry.FullName} expands beyond its declared size of {entry.Length:N0} bytes");
                }
            }
            return null;
        }
        catch (InvalidDataException ex)
        {
            return new FileError(FileErrorCodes.XlsxUnreadable, $"the file starts like an XLSX (zip) archive but cannot be read as one: {ex.Message}");
        }
    }

    private static FileError Bomb(string why) => new(FileErrorCodes.XlsxExpansion, why + " — possibly a zip bomb; the file is not read");

    private static IEnumerable<ReadRow> Rows(DropReading reading, IExcelDataReader excel, HeaderMap map, RowBuilder builder, ReaderLimits limits)
    {
        var feed = builder.Feed;
        var fields = feed.Fields.Count;
        var names = builder.ColumnNames;
        long dataRow = 0;
        while (true)
        {
            bool more;
            try { more = excel.Read(); }
            catch (Exception ex) when (ex is InvalidDataException or System.Xml.XmlException or IOException)
            {
                reading.Error = new FileError(FileErrorCodes.XlsxUnreadable, $"the worksheet cannot be read past row {dataRow + 1}: {ex.Message}");
                yield break;
            }
            if (!more) yield break;
            var line = excel.Depth + 1L;
            var colCount = excel.FieldCount;
            if (colCount > limits.MaxColumns)
            {
                reading.Error = new FileError(FileErrorCodes.RowTooLong, $"worksheet row {line} has {colCount} columns; the limit is {limits.MaxColumns}");
                yield break;
            }
            var blank = true;
            long chars = 0;
            for (var c = 0; c < colCount; c++)
            {
                var v = excel.GetValue(c);
                if (v is null || (v is string s && string.IsNullOrWhiteSpace(s))) continue;
                blank = false;
                if (v is string text) chars += text.Length;
            }
            if (chars > limits.MaxRowChars)
            {
                reading.Error = new FileError(FileErrorCodes.RowTooLong, $"worksheet row {line} holds {chars:N0} characters; the limit is {limits.MaxRowChars:N0}");
                yield break;
            }
            if (blank) { reading.CountBlank(); continue; }
            dataRow++;

            List<FieldIssue>? issues = null;
            var values = new string?[fields];
            for (var f = 0; f < fields; f++)
            {
                var c = map.ColumnOfField[f];
                if (c < 0 || c >= colCount) continue;
                var v = excel.GetValue(c);
                switch (v)
                {
                    case null:
                        break;
                    case string s:
                        values[f] = s;
                        break;
                    case double d when feed.Fields[f].Field.Kind == FieldKind.ResidentId:
                        (issues ??= []).Add(new FieldIssue(names[f], Issue.Error(IssueCodes.IdNumericCell,
                            $"the resident ID cell of row {dataRow} (worksheet row {line}) is stored as a number{(Math.Abs(d) >= 1e15 ? " with more than 15 digits, so its last digits are lost" : "")}; it is not converted to digits — ask the department to format the column as text and re-export")));
                        break;
                    case double d:
                        values[f] = FormatNumber(d);
                        break;
                    case DateTime dt:
                        values[f] = dt.TimeOfDay == TimeSpan.Zero
                            ? dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                            : dt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                        break;
                    case bool b:
                        values[f] = b ? "TRUE" : "FALSE";
                        break;
                    default:
                        values[f] = Convert.ToString(v, CultureInfo.InvariantCulture);
                        break;
                }
            }
            for (var c = 0; c < colCount; c++)
            {
                if (c < map.HeaderCount && !map.Unnamed[c]) continue;
                var v = excel.GetValue(c);
                var text = v is null ? null : Convert.ToString(v, CultureInfo.InvariantCulture);
                if (string.IsNullOrWhiteSpace(text)) continue;
                (issues ??= []).Add(new FieldIssue((c + 1).ToString(CultureInfo.InvariantCulture), Issue.Warning(ReaderIssueCodes.UnnamedColumnData,
                    $"row {dataRow} (worksheet row {line}), column {c + 1} has no header name but holds data: \"{UnnamedValue.ForMessage(text)}\" — not imported")));
            }
            yield return new ReadRow(line, builder.Build(dataRow, values, issues));
        }
    }

    /// <summary>A number as text without exponent or grouping: integers exactly, others round-trip.</summary>
    internal static string FormatNumber(double d) =>
        d == Math.Floor(d) && Math.Abs(d) < 1e15
            ? ((long)d).ToString(CultureInfo.InvariantCulture)
            : d.ToString("0.###############", CultureInfo.InvariantCulture);
}
