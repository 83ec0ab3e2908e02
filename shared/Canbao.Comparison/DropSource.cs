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
    /// the consumer (each file is independent); rows come out in the same order as a one-file-at-a-time read, and
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
        var tasks = new Task<FileRows>?[files.Count];
        var started = 0;
        for (var i = 0; i < files.Count; i++)
        {
            for (; started < files.Count && started <= i + ahead; started++)
            {
                var rel = files[started];
                tasks[started] = Task.Run(() => ReadFile(root, rel, context));
            }
            var file = tasks[i]!.GetAwaiter().GetResult();
            tasks[i] = null;
            if (file.IsDrop) account.Drops++;
            account.Rows += file.Rows;
            account.Rejected += file.Rejected;
            account.EmployerRows += file.EmployerRows;
            account.FileErrors.AddRange(file.Errors);
            foreach (var row in file.Accepted) yield return row;
        }
    }

    private sealed class FileRows
    {
        public bool IsDrop;
        public long Rows, Rejected, EmployerRows;
        public readonly List<SourceRow> Accepted = [];
        public readonly List<string> Errors = [];
    }

    private static FileRows ReadFile(string root, string rel, ValidationContext context)
    {
        var result = new FileRows();
        var feedId = rel.Split('/')[0];
        var feed = FeedCatalog.All.FirstOrDefault(f => f.Id == feedId);
        if (feed is null || !rel.Contains('/')) { result.Errors.Add($"{rel}: not in a feed folder (known feeds: {string.Join(", ", FeedCatalog.All.Select(f => f.Id))})"); return result; }
        result.IsDrop = true;
        using var stream = File.OpenRead(Path.Combine(root, rel));
        using var reading = DropReader.Read(stream, rel, LinkageView(feed), context);
        if (reading.Error is { } openError) { result.Errors.Add($"{rel}: {openError.Message}"); return result; }
        foreach (var row in reading.Rows)
        {
            if (feed.Role == FeedRole.Employer) { result.EmployerRows++; continue; }
            result.Rows++;
            if (row.Result.Outcome == RowOutcome.Rejected) { result.Rejected++; continue; }
            result.Accepted.Add(new SourceRow(feed.Id, rel, row.Result.Row, row.Result.Record));
        }
        if (reading.Error is { } midError) result.Errors.Add($"{rel}: {midError.Message}");
        return result;
    }
}
