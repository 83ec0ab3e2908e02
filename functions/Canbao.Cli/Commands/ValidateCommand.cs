using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Canbao.Domain.Standard;
using Canbao.Domain.Validation;
using Canbao.Ingestion;

namespace Canbao.Cli.Commands;

/// <summary>
/// <c>canbao validate FILE --feed FEED [--json] [--date yyyy-MM-dd]</c>: reads one drop and reports every row.
/// Exit 0 when the file could be read (whatever its rows' outcomes; a header-only file too, with the file-level warning
/// <c>FILE_NO_DATA_ROWS</c>); 2 when it could not (file-level error, also on stderr) or the arguments are wrong.
/// Human output never shows record values (IDs, names, phones); <c>--json</c> writes one object on stdout, also for a
/// file that cannot be read:
/// <c>{"file","feed","encoding","rows","accepted","held","rejected","error":null|{"code","message"},"warnings":[{"code","message"}],
/// "results":[{"row","outcome","issues":[{"column","code","severity","message"}],"record":{…}}]}</c>
/// (<c>encoding</c> is null when it is unknown: the file was not read; <c>xlsx</c> for a workbook).
/// </summary>
public static class ValidateCommand
{
    private const int HumanRowsShown = 200;

    /// <summary>Exit code when the file cannot be read or the arguments are wrong.</summary>
    public const int Unreadable = 2;

    /// <summary>The <c>validate</c> command.</summary>
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The drop: CSV/TSV/pipe text, XLSX, or fixed-width text (.txt/.dat) for feeds with a layout" };
        var feed = new Option<string>("--feed") { Description = "Feed id (see `canbao feeds`), e.g. registration", Required = true };
        var json = new Option<bool>("--json") { Description = "Write one JSON object with every row's outcome, findings and normalized record" };
        var date = new Option<string?>("--date") { Description = "Processing date yyyy-MM-dd (birth dates after it are errors); default today" };
        var command = new Command("validate", "Read a department drop, validate and normalize every row, report accepted / held / rejected") { file, feed, json, date };
        command.SetAction(parse =>
        {
            using var stdout = Console.OpenStandardOutput();
            return Run(parse.GetValue(file)!, parse.GetValue(feed)!, parse.GetValue(json), parse.GetValue(date), stdout, Console.Error);
        });
        return command;
    }

    /// <summary>Runs the command: reads <paramref name="file"/> and writes the report to <paramref name="stdout"/>.</summary>
    /// <param name="file">The drop.</param>
    /// <param name="feedId">The feed id.</param>
    /// <param name="json">Write the JSON object instead of the human report.</param>
    /// <param name="date">Processing date <c>yyyy-MM-dd</c>, or null for today.</param>
    /// <param name="stdout">Where the report goes (UTF-8).</param>
    /// <param name="stderr">Where file-level errors and argument errors go.</param>
    /// <returns>0 when the file was read, <see cref="Unreadable"/> otherwise.</returns>
    public static int Run(FileInfo file, string feedId, bool json, string? date, Stream stdout, TextWriter stderr)
    {
        FeedSpec feed;
        try { feed = FeedCatalog.Get(feedId); }
        catch (KeyNotFoundException e) { return Fail(stderr, e.Message); }
        var processing = DateOnly.FromDateTime(DateTime.Now);
        if (date is not null && !DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out processing))
            return Fail(stderr, $"--date must be yyyy-MM-dd, got '{date}'");

        FileStream stream;
        try
        {
            stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var error = new FileError(FileErrorCodes.CannotOpen, e is FileNotFoundException or DirectoryNotFoundException
                ? $"{file.FullName}: no such file" : Directory.Exists(file.FullName) ? $"{file.FullName}: is a folder, not a file"
                : $"{file.FullName}: cannot be opened ({UserMessages.Plain(e)})");
            if (json) WriteJsonHead(stdout, new JsonHead(file.Name, feed.Id, null, 0, 0, 0, 0, error, []), results: null);
            return Fail(stderr, $"{file.Name}: cannot be read — {error.Code}: {error.Message}");
        }
        using (stream)
        {
            using var reading = DropReader.Read(stream, file.Name, feed, ValidationContext.For(processing));
            if (reading.Error is { } openError)
            {
                if (json) WriteJsonHead(stdout, new JsonHead(file.Name, feed.Id, null, 0, 0, 0, 0, openError, []), results: null);
                return Fail(stderr, $"{file.Name}: cannot be read — {openError.Code}: {openError.Message}");
            }
            return json ? WriteJson(reading, stdout, stderr) : WriteHuman(reading, stdout, stderr);
        }
    }

    private static int WriteHuman(DropReading reading, Stream stdout, TextWriter stderr)
    {
        using var o = new StreamWriter(stdout, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        var shown = 0;
        foreach (var row in reading.Rows)
        {
            if (row.Result.Outcome == RowOutcome.Accepted || ++shown > HumanRowsShown) continue;
            o.WriteLine($"row {row.Result.Row} (line {row.Line}) {Outcome(row.Result.Outcome)}");
            foreach (var i in row.Result.Issues)
                o.WriteLine($"    {i.Column}: {i.Issue.Code} ({Severity(i.Issue.Severity)}) {i.Issue.Message}");
        }
        var s = reading.Summary;
        if (shown > HumanRowsShown) o.WriteLine($"… {shown - HumanRowsShown:N0} more held or rejected rows (use --json for all)");
        o.WriteLine($"file      {s.File}");
        o.WriteLine($"feed      {s.Feed}");
        o.WriteLine($"format    {s.Format}{(s.Delimiter is { } d ? $" (delimiter {(d == '\t' ? "TAB" : d.ToString())})" : "")}");
        if (s.Encoding is not null) o.WriteLine($"encoding  {s.Encoding}");
        o.WriteLine($"rows      {s.Rows:N0} = accepted {s.Accepted:N0} + held {s.Held:N0} + rejected {s.Rejected:N0}{(s.BlankRows > 0 ? $"   ({s.BlankRows:N0} blank rows skipped)" : "")}");
        if (s.IgnoredColumns.Count > 0) o.WriteLine($"ignored   columns not in feed {s.Feed}: {string.Join(", ", s.IgnoredColumns)}");
        foreach (var w in s.Warnings) o.WriteLine($"warning   {w.Code}: {w.Message}");
        o.Flush();
        if (s.Error is { } e) return Fail(stderr, $"{s.File}: {e.Code}: {e.Message}");
        return 0;
    }

    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static int WriteJson(DropReading reading, Stream stdout, TextWriter stderr)
    {
        // Results are streamed to a temporary file first: the counts come before them in the object.
        using var results = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        using (var w = new Utf8JsonWriter(results, JsonOptions))
        {
            w.WriteStartArray();
            foreach (var row in reading.Rows)
            {
                var r = row.Result;
                w.WriteStartObject();
                w.WriteNumber("row", r.Row);
                w.WriteString("outcome", Outcome(r.Outcome));
                w.WriteStartArray("issues");
                foreach (var i in r.Issues)
                {
                    w.WriteStartObject();
                    w.WriteString("column", i.Column);
                    w.WriteString("code", i.Issue.Code);
                    w.WriteString("severity", Severity(i.Issue.Severity));
                    w.WriteString("message", i.Issue.Message);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartObject("record");
                foreach (var (key, value) in r.Record) w.WriteString(key, value);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        var s = reading.Summary;
        results.Position = 0;
        WriteJsonHead(stdout, new JsonHead(s.File, s.Feed, s.Encoding ?? (s.Format == DropFormat.Xlsx ? "xlsx" : null),
            s.Rows, s.Accepted, s.Held, s.Rejected, s.Error, s.Warnings), results);
        // A file-level error found part-way (e.g. a row over the length limit): the rows read so far are in the object,
        // but nothing of the file may be imported.
        if (s.Error is { } e) return Fail(stderr, $"{s.File}: {e.Code}: {e.Message}");
        return 0;
    }

    private sealed record JsonHead(string File, string Feed, string? Encoding, long Rows, long Accepted, long Held, long Rejected,
        FileError? Error, IReadOnlyList<FileWarning> Warnings);

    /// <summary>Writes the object: the head's fields, then <c>"results":</c> and the streamed array (or <c>[]</c>), then the brace.</summary>
    private static void WriteJsonHead(Stream stdout, JsonHead h, Stream? results)
    {
        var head = new MemoryStream();
        using (var w = new Utf8JsonWriter(head, JsonOptions))
        {
            w.WriteStartObject();
            w.WriteString("file", h.File);
            w.WriteString("feed", h.Feed);
            if (h.Encoding is null) w.WriteNull("encoding"); else w.WriteString("encoding", h.Encoding);
            w.WriteNumber("rows", h.Rows);
            w.WriteNumber("accepted", h.Accepted);
            w.WriteNumber("held", h.Held);
            w.WriteNumber("rejected", h.Rejected);
            if (h.Error is null) w.WriteNull("error");
            else
            {
                w.WriteStartObject("error");
                w.WriteString("code", h.Error.Code);
                w.WriteString("message", h.Error.Message);
                w.WriteEndObject();
            }
            w.WriteStartArray("warnings");
            foreach (var warning in h.Warnings)
            {
                w.WriteStartObject();
                w.WriteString("code", warning.Code);
                w.WriteString("message", warning.Message);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        stdout.Write(head.GetBuffer().AsSpan(0, (int)head.Length - 1));
        stdout.Write(",\"results\":"u8);
        if (results is null) stdout.Write("[]"u8);
        else results.CopyTo(stdout);
        stdout.Write("}\n"u8);
        stdout.Flush();
    }

    private static string Outcome(RowOutcome o) => o switch { RowOutcome.Accepted => "accepted", RowOutcome.Held => "held", _ => "rejected" };

    private static string Severity(Severity s) => s == Domain.Validation.Severity.Error ? "error" : "warning";

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine($"canbao validate: {message}");
        return Unreadable;
    }
}
