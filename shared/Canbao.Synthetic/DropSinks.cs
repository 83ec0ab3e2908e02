using System.Globalization;
using System.IO.Compression;
using System.Text;
using Canbao.Domain.Standard;
using MiniExcelLibs;

namespace Canbao.Synthetic;

/// <summary>Writes the rows of one drop file; counts data rows from 1.</summary>
public abstract class DropSink : IDisposable
{
    /// <summary>Data rows written so far (the next row's number is this + 1).</summary>
    public long Rows { get; protected set; }

    /// <summary>Writes one row and returns its data row number (from 1).</summary>
    public abstract long Write(DropRow row);

    /// <summary>Finishes the file (flushes, closes the archive).</summary>
    public abstract void Complete();

    /// <inheritdoc />
    public abstract void Dispose();

    /// <summary>GB18030 (code page 54936).</summary>
    public static Encoding Gb18030 { get; } = CreateGb18030();

    private static Encoding CreateGb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(54936);
    }

    /// <summary>Opens the sink for a style.</summary>
    /// <param name="path">The drop file to write.</param>
    /// <param name="feed">Its feed.</param>
    /// <param name="style">Its format and value forms.</param>
    /// <param name="workDir">Folder for temporary files (kept out of the drops folder, which a watcher may be reading).</param>
    public static DropSink Open(string path, FeedSpec feed, FileStyle style, string workDir) => style.Format switch
    {
        DropFormat.FixedWidth => new FixedWidthSink(path, feed),
        DropFormat.Xlsx => new XlsxSink(path, feed, workDir),
        _ => new CsvSink(path, feed, style.Format),
    };
}

/// <summary>RFC 4180 CSV in UTF-8 (LF), UTF-8 with BOM (CRLF) or GB18030 (CRLF), header = the department's headers.</summary>
public sealed class CsvSink : DropSink
{
    private readonly StreamWriter _writer;

    /// <summary>Creates the file and writes the header.</summary>
    public CsvSink(string path, FeedSpec feed, DropFormat format)
    {
        var encoding = format switch
        {
            DropFormat.Utf8Bom => new UTF8Encoding(true),
            DropFormat.Gb18030 => Gb18030,
            _ => (Encoding)new UTF8Encoding(false),
        };
        _writer = new StreamWriter(path, false, encoding, 1 << 16) { NewLine = format == DropFormat.Utf8 ? "\n" : "\r\n" };
        WriteLine(feed.Fields.Select(f => f.Header).ToArray());
    }

    /// <inheritdoc />
    public override long Write(DropRow row)
    {
        WriteLine(row.Values);
        return ++Rows;
    }

    private void WriteLine(IReadOnlyList<string?> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0) _writer.Write(',');
            var v = values[i];
            if (string.IsNullOrEmpty(v)) continue;
            if (v.AsSpan().IndexOfAny(",\"\r\n") >= 0 || v[0] == ' ' || v[^1] == ' ')
            {
                _writer.Write('"');
                _writer.Write(v.Replace("\"", "\"\"", StringComparison.Ordinal));
                _writer.Write('"');
            }
            else _writer.Write(v);
        }
        _writer.WriteLine();
    }

    /// <inheritdoc />
    public override void Complete() => _writer.Flush();

    /// <inheritdoc />
    public override void Dispose() => _writer.Dispose();
}

/// <summary>
/// Fixed-width GB18030 text: each field cut to the layout's bytes (FeedSpec.FixedWidth, case 15), space-padded on the
/// right, records separated by CRLF, no header.
/// </summary>
public sealed class FixedWidthSink : DropSink
{
    private readonly FileStream _stream;
    private readonly FixedWidthLayout _layout;
    private readonly int[] _fieldIndex;
    private readonly byte[] _record;

    /// <summary>Creates the file.</summary>
    public FixedWidthSink(string path, FeedSpec feed)
    {
        _layout = feed.FixedWidth ?? throw new ArgumentException($"feed {feed.Id} has no fixed-width layout", nameof(feed));
        _fieldIndex = _layout.Fields.Select(f => feed.Fields.Select((x, i) => (x, i)).First(x => x.x.Field.Key == f.Key).i).ToArray();
        _record = new byte[_layout.RecordBytes + 2];
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">A value is longer than its field in GB18030 bytes.</exception>
    public override long Write(DropRow row)
    {
        Array.Fill(_record, (byte)' ');
        for (var k = 0; k < _layout.Fields.Count; k++)
        {
            var f = _layout.Fields[k];
            var v = row.Values[_fieldIndex[k]] ?? "";
            var bytes = Gb18030.GetBytes(v);
            if (bytes.Length > f.LengthBytes)
                throw new InvalidOperationException($"{f.Key}: {bytes.Length} bytes do not fit the {f.LengthBytes}-byte field at byte {f.StartByte}");
            bytes.CopyTo(_record, f.StartByte - 1);
        }
        _record[^2] = (byte)'\r';
        _record[^1] = (byte)'\n';
        _stream.Write(_record);
        return ++Rows;
    }

    /// <inheritdoc />
    public override void Complete() => _stream.Flush();

    /// <inheritdoc />
    public override void Dispose() => _stream.Dispose();
}

/// <summary>
/// XLSX through MiniExcel, streamed: rows are spooled to a temporary file, then MiniExcel writes the workbook from it
/// and the archive is re-packed with a fixed entry timestamp (1980-01-01) so the same rows give the same bytes.
/// ID cells are text cells, except rows marked <see cref="DropRow.NumericId"/> (a number, as a damaged sheet has).
/// </summary>
public sealed partial class XlsxSink : DropSink
{
    [System.Text.RegularExpressions.GeneratedRegex("\\bR[0-9a-f]{32}\\b")]
    private static partial System.Text.RegularExpressions.Regex RelationshipId();

    private static readonly DateTimeOffset FixedTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _path;
    private readonly string _spool;
    private readonly string[] _headers;
    private readonly int _idIndex;
    private readonly BinaryWriter _writer;

    /// <summary>Creates the spool for the file.</summary>
    /// <param name="path">The XLSX file to write.</param>
    /// <param name="feed">Its feed.</param>
    /// <param name="workDir">Folder for the spool and the unpacked workbook.</param>
    public XlsxSink(string path, FeedSpec feed, string workDir)
    {
        _path = path;
        _spool = Path.Combine(workDir, Path.GetFileName(Path.GetDirectoryName(path)) + "-" + Path.GetFileName(path) + ".spool");
        _headers = feed.Fields.Select(f => f.Header).ToArray();
        _idIndex = -1;
        for (var i = 0; i < feed.Fields.Count; i++) if (feed.Fields[i].Field.Key == "resident_id") _idIndex = i;
        _writer = new BinaryWriter(new FileStream(_spool, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16), Encoding.UTF8);
    }

    /// <inheritdoc />
    public override long Write(DropRow row)
    {
        _writer.Write(row.NumericId);
        foreach (var v in row.Values) _writer.Write(v ?? "");
        return ++Rows;
    }

    private IEnumerable<IDictionary<string, object?>> Read()
    {
        using var reader = new BinaryReader(new FileStream(_spool, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16), Encoding.UTF8);
        for (long r = 0; r < Rows; r++)
        {
            var numeric = reader.ReadBoolean();
            var row = new Dictionary<string, object?>(_headers.Length, StringComparer.Ordinal);
            for (var i = 0; i < _headers.Length; i++)
            {
                var s = reader.ReadString();
                row[_headers[i]] = i == _idIndex && numeric ? double.Parse(s, CultureInfo.InvariantCulture) : s.Length == 0 ? null : s;
            }
            yield return row;
        }
    }

    /// <inheritdoc />
    public override void Complete()
    {
        _writer.Dispose();
        var raw = _spool + ".xlsx";
        using (var output = new FileStream(raw, FileMode.Create, FileAccess.Write))
        {
            if (Rows > 0) MiniExcel.SaveAs(output, Read(), printHeader: true, sheetName: "Sheet1", excelType: ExcelType.XLSX);
            else
            {
                using var empty = new System.Data.DataTable();
                foreach (var h in _headers) empty.Columns.Add(h, typeof(string));
                MiniExcel.SaveAs(output, empty, printHeader: true, sheetName: "Sheet1", excelType: ExcelType.XLSX);
            }
        }
        Repack(raw, _path);
        File.Delete(raw);
        File.Delete(_spool);
    }

    /// <summary>Copies a zip archive entry by entry, in the same order, with a fixed timestamp on every entry.</summary>
    public static void Repack(string source, string target)
    {
        using var input = ZipFile.OpenRead(source);
        using var output = new ZipArchive(new FileStream(target, FileMode.Create, FileAccess.Write), ZipArchiveMode.Create);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in input.Entries)
        {
            var copy = output.CreateEntry(entry.FullName, CompressionLevel.Optimal);
            copy.LastWriteTime = FixedTime;
            using var from = entry.Open();
            using var to = copy.Open();
            if (entry.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal))
            {
                from.CopyTo(to);
                continue;
            }
            // MiniExcel names relationships with random GUIDs ("R" + 32 hex digits): renumber them in order of appearance.
            using var reader = new StreamReader(from, Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
            var text = RelationshipId().Replace(reader.ReadToEnd(), m =>
            {
                if (!ids.TryGetValue(m.Value, out var id)) ids[m.Value] = id = "rId" + (ids.Count + 1).ToString(CultureInfo.InvariantCulture);
                return id;
            });
            var bytes = Encoding.UTF8.GetBytes(text);
            to.Write(bytes);
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _writer.Dispose();
        if (File.Exists(_spool)) File.Delete(_spool);
    }
}
