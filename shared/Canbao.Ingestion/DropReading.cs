using Canbao.Domain.Standard;
using Canbao.Domain.Validation;

namespace Canbao.Ingestion;

/// <summary>
/// An open drop: what is known after opening it (format, encoding, header mapping, or a file-level error) and its
/// rows, streamed once through <see cref="Rows"/> so a file of millions of rows is never held in memory.
/// The counts in <see cref="Summary"/> grow as rows are enumerated; a file-level error found part-way (e.g. a row
/// over the length limit) stops the enumeration and is set in <see cref="Error"/>: nothing of such a file may be imported.
/// Dispose it to release the file.
/// </summary>
public sealed class DropReading : IDisposable
{
    private readonly List<IDisposable> _owned = [];
    private readonly List<FileWarning> _warnings = [];
    private IEnumerable<ReadRow> _rows = [];
    private bool _enumerated;
    private long _rowsRead, _accepted, _held, _rejected, _blank;

    internal DropReading(string file, string feed, DropFormat format)
    {
        File = file;
        Feed = feed;
        Format = format;
    }

    /// <summary>The file name as given.</summary>
    public string File { get; }

    /// <summary>The feed id.</summary>
    public string Feed { get; }

    /// <summary>The format read.</summary>
    public DropFormat Format { get; }

    /// <summary>The detected encoding name (text formats), e.g. <c>GB18030</c>.</summary>
    public string? Encoding { get; internal set; }

    /// <summary>The detected CSV delimiter.</summary>
    public char? Delimiter { get; internal set; }

    /// <summary>Named header columns the feed does not know (ignored).</summary>
    public IReadOnlyList<string> IgnoredColumns { get; internal set; } = [];

    /// <summary>The feed's fields the file's header has no column for (CSV and XLSX, known at open; empty for fixed-width,
    /// whose layout places every field). Only optional fields can be absent from a file that opened without an error.</summary>
    public IReadOnlyList<FeedField> AbsentFields { get; internal set; } = [];

    /// <summary>The file-level error, if any (known at open, or found while streaming).</summary>
    public FileError? Error { get; internal set; }

    /// <summary>The rows, in file order; can be enumerated once.</summary>
    /// <exception cref="InvalidOperationException">Enumerated a second time.</exception>
    public IEnumerable<ReadRow> Rows
    {
        get
        {
            if (_enumerated) throw new InvalidOperationException("the rows of a drop can be enumerated once");
            _enumerated = true;
            return Count(_rows);
        }
    }

    /// <summary>File-level warnings, known once <see cref="Rows"/> has been enumerated: a readable file with a header
    /// and no data rows gets <see cref="FileWarningCodes.NoDataRows"/>.</summary>
    public IReadOnlyList<FileWarning> Warnings => _warnings;

    /// <summary>The account so far (final once <see cref="Rows"/> has been enumerated).</summary>
    public DropSummary Summary => new(File, Feed, Format, Encoding, Delimiter, _rowsRead, _accepted, _held, _rejected, _blank, IgnoredColumns, Error)
    {
        Warnings = _warnings.ToArray(),
    };

    internal void SetRows(IEnumerable<ReadRow> rows) => _rows = rows;

    internal void Own(IDisposable disposable) => _owned.Add(disposable);

    internal void CountBlank() => _blank++;

    private IEnumerable<ReadRow> Count(IEnumerable<ReadRow> rows)
    {
        foreach (var row in rows)
        {
            _rowsRead++;
            switch (row.Result.Outcome)
            {
                case RowOutcome.Accepted: _accepted++; break;
                case RowOutcome.Held: _held++; break;
                default: _rejected++; break;
            }
            yield return row;
        }
        if (_rowsRead == 0 && Error is null)
            _warnings.Add(new FileWarning(FileWarningCodes.NoDataRows, Format == DropFormat.FixedWidth
                ? _blank > 0 ? $"the file holds no records ({_blank:N0} blank line{(_blank > 1 ? "s" : "")}); nothing to import — an empty period, or was the export cut off?"
                    : "the file holds no records (fixed-width files have no header); nothing to import — an empty period, or was the export cut off?"
                : _blank > 0
                ? $"the file has a header but no data rows ({_blank:N0} blank row{(_blank > 1 ? "s" : "")} after it); nothing to import — was the export cut off?"
                : "the file has a header but no data rows; nothing to import — was the export cut off?"));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        for (var i = _owned.Count - 1; i >= 0; i--) _owned[i].Dispose();
        _owned.Clear();
    }
}
