using System.Threading.Channels;
using Canbao.Domain.Identifiers;
using Canbao.Domain.Standard;
using Canbao.Domain.Validation;
using Canbao.Ingestion;

namespace Canbao.Comparison;

/// <summary>The account of reading the drops: rows read, rows the readers rejected, file-level errors.</summary>
public sealed class DropAccount
{
    /// <summary>Drops (files) read.</summary>
    public int Drops { get; internal set; }
    /// <summary>Data rows read from person feeds.</summary>
    public long Rows { get; internal set; }
    /// <summary>Rows rejected by the readers/validator for reasons other than the resident ID (the round parses the ID itself).</summary>
    public long Rejected { get; internal set; }
    /// <summary>Rows of feeds that describe employers, not persons (read, not compared).</summary>
    public long EmployerRows { get; internal set; }
    /// <summary>Files that could not be read at all (or only in part), with the reason.</summary>
    public List<string> FileErrors { get; } = [];
}

/// <summary>
/// Reads every drop under a folder laid out as <c>&lt;feed&gt;/&lt;file&gt;</c> (or <c>DIR/drops/&lt;feed&gt;/…</c>) through
/// <see cref="DropReader"/>, in path order, and yields <see cref="SourceRow"/>s. Each feed is read through a view in
/// which the resident ID is plain optional text, so a row whose ID is unusable still yields its other fields for
/// linkage; the round parses the ID with <c>ResidentIdParser</c> itself.
/// </summary>
public static class DropSource
{
    /// <summary>The folder holding the feed folders: <paramref name="dir"/>/drops when it exists, else <paramref name="dir"/>.</summary>
    public static string Root(string dir) => Directory.Exists(Path.Combine(dir, "drops")) ? Path.Combine(dir, "drops") : dir;

    /// <summary>The feed as the round reads it: the resident ID field as optional text.</summary>
    public static FeedSpec LinkageView(FeedSpec feed) => feed with
    {
        Fields = feed.Fields.Select(f => f.Field.Kind == FieldKind.ResidentId && f.Field.Key == StandardFields.ResidentId.Key
            ? f with { Field = f.Field with { Kind = FieldKind.Text }, Required = false } : f).ToList(),
    };

    /// <summary>The drop files under the drops folder (relative paths, '/'-separated, hidden files left out), in ordinal path order.</summary>
    /// <param name="dir">The drops folder (or a city folder holding drops/).</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static IReadOnlyList<string> Files(string dir)
    {
        var root = Root(dir);
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"drops folder not found: {dir}");
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>True when <paramref name="rel"/> (from <see cref="Files"/>) lies in a known feed's folder.</summary>
    public static bool IsDrop(string rel) => rel.Contains('/') && FeedCatalog.All.Any(f => f.Id == rel.Split('/')[0]);

    /// <summary>
    /// Streams the rows of every drop in path order. Files are read and validated on all cores, a few files ahead of
    /// the consumer (each file is independent) and at most a few chunks of rows ahead each; rows come out in the same order as a one-file-at-a-time read, and
    /// <paramref name="account"/> is updated in file order. Files in folders that are not feed ids are listed as file errors.
    /// </summary>
    /// <param name="dir">The drops folder.</param>
    /// <param name="date">The processing date for validation.</param>
    /// <param name="account">Receives the counts as rows are read.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static IEnumerable<SourceRow> Read(string dir, DateOnly date, DropAccount account)
    {
        var root = Root(dir);
        var files = Files(dir);
        var context = ValidationContext.For(date);
        var ahead = Math.Max(1, Environment.ProcessorCount);
        var readers = new FileRows?[files.Count];
        var started = 0;
        for (var i = 0; i < files.Count; i++)
        {
            for (; started < files.Count && started <= i + ahead; started++)
            {
                var file = readers[started] = new FileRows();
                var rel = files[started];
                file.Task = Task.Run(() => ReadFile(root, rel, context, file));
            }
            var current = readers[i]!;
            readers[i] = null;
            var chunks = current.Chunks.Reader;
            while (chunks.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
                while (chunks.TryRead(out var chunk))
                    foreach (var row in chunk) yield return row;
            current.Task!.GetAwaiter().GetResult(); // rethrows a read failure (e.g. the file vanished)
            if (current.IsDrop) account.Drops++;
            account.Rows += current.Rows;
            account.Rejected += current.Rejected;
            account.EmployerRows += current.EmployerRows;
            account.FileErrors.AddRange(current.Errors);
        }
    }

    /// <summary>Rows per chunk handed from a reading task to the consumer, and chunks a file may hold ahead of it:
    /// memory stays at a few tens of thousands of rows however large a drop is.</summary>
    private const int ChunkRows = 2048, ChunksAhead = 8;

    private sealed class FileRows
    {
        public bool IsDrop;
        public long Rows, Rejected, EmployerRows;
        public Task? Task;
        public readonly Channel<SourceRow[]> Chunks = Channel.CreateBounded<SourceRow[]>(new BoundedChannelOptions(ChunksAhead) { SingleReader = true, SingleWriter = true });
        public readonly List<string> Errors = [];
    }

    private static async Task ReadFile(string root, string rel, ValidationContext context, FileRows result)
    {
        try
        {
            var feedId = rel.Split('/')[0];
            var feed = FeedCatalog.All.FirstOrDefault(f => f.Id == feedId);
            if (feed is null || !rel.Contains('/')) { result.Errors.Add($"{rel}: not in a feed folder (known feeds: {string.Join(", ", FeedCatalog.All.Select(f => f.Id))})"); return; }
            result.IsDrop = true;
            using var stream = File.OpenRead(Path.Combine(root, rel));
            using var reading = DropReader.Read(stream, rel, LinkageView(feed), context);
            if (reading.Error is { } openError) { result.Errors.Add($"{rel}: {openError.Message}"); return; }
            // The view reads the resident ID as optional, so a header without the column opens: when the feed requires
            // it, the file is a file error as in validation (FILE_REQUIRED_COLUMN_MISSING), not rows left to linkage.
            if (feed.Fields.FirstOrDefault(f => f.Required && f.Field.Key == StandardFields.ResidentId.Key) is { } idField
                && reading.AbsentFields.Any(f => f.Field.Key == idField.Field.Key))
            { result.Errors.Add($"{rel}: {FileErrorCodes.RequiredColumnMissing}: required column missing from the header for feed {feed.Id}: {idField.Header}"); return; }
            var chunk = new List<SourceRow>(ChunkRows);
            foreach (var row in reading.Rows)
            {
                if (feed.Role == FeedRole.Employer) { result.EmployerRows++; continue; }
                result.Rows++;
                if (row.Result.Outcome == RowOutcome.Rejected) { result.Rejected++; continue; }
                var record = row.Result.Record;
                // The ID is parsed here, on the reading threads, not by the one thread resolving the rows.
                chunk.Add(new SourceRow(feed.Id, rel, row.Result.Row, record)
                {
                    ParsedId = ResidentIdParser.Parse(record.TryGetValue(StandardFields.ResidentId.Key, out var id) ? id : "", context.ProcessingDate),
                    ParsedOn = context.ProcessingDate,
                });
                if (chunk.Count == ChunkRows) { await result.Chunks.Writer.WriteAsync([.. chunk]).ConfigureAwait(false); chunk.Clear(); }
            }
            if (chunk.Count > 0) await result.Chunks.Writer.WriteAsync([.. chunk]).ConfigureAwait(false);
            if (reading.Error is { } midError) result.Errors.Add($"{rel}: {midError.Message}");
        }
        finally { result.Chunks.Writer.Complete(); }
    }
}
