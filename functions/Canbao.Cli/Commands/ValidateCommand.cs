using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Canbao.Domain.Standard;
using Canbao.Domain.Validation;
using Canbao.Ingestion;

namespace Canbao.Cli.Commands;

/// <summary>
/// <c>canbao validate FILE --feed FEED [--json] [--date yyyy-MM-dd]</c>: reads one drop and reports every row.
/// Exit 0 when the file could be read (whatever its rows' outcomes); 2 with a message on stderr when it could not.
/// Human output never shows record values (IDs, names, phones); <c>--json</c> writes one object on stdout:
/// <c>{"file","feed","encoding","rows","accepted","held","rejected","results":[{"row","outcome","issues":[{"column","code","severity","message"}],"record":{…}}]}</c>.
/// </summary>
public static class ValidateCommand
{
    private const int HumanRowsShown = 200;

    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The drop: CSV/TSV/pipe text, XLSX, or fixed-width text (.txt/.dat) for feeds with a layout" };
        var feed = new Option<string>("--feed") { Description = "Feed id (see `canbao feeds`), e.g. registration", Required = true };
        var json = new Option<bool>("--json") { Description = "Write one JSON object with every row's outcome, findings and normalized record" };
        var date = new Option<string?>("--date") { Description = "Processing date yyyy-MM-dd (birth dates after it are errors); default today" };
        var command = new Command("validate", "Read a department drop, validate and normalize every row, report accepted / held / rejected") { file, feed, json, date };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(feed)!, parse.GetValue(json), parse.GetValue(date)));
        return command;
    }

    private static int Run(FileInfo file, string feedId, bool json, string? date)
    {
        FeedSpec feed;
        try { feed = FeedCatalog.Get(feedId); }
        catch (KeyNotFoundException e) { return Fail(e.Message); }
        var processing = DateOnly.FromDateTime(DateTime.Now);
        if (date is not null && !DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out processing))
            return Fail($"--date must be yyyy-MM-dd, got '{date}'");
        if (!file.Exists) return Fail($"{file.FullName}: no such file");

        using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var reading = DropReader.Read(stream, file.Name, feed, ValidationContext.For(processing));
        if (reading.Error is { } openError) return Fail($"{file.Name}: cannot be read — {openError.Code}: {openError.Message}");
        return json ? WriteJson(reading) : WriteHuman(reading);
    }

    private static int WriteHuman(DropReading reading)
    {
        var shown = 0;
        foreach (var row in reading.Rows)
        {
            if (row.Result.Outcome == RowOutcome.Accepted || ++shown > HumanRowsShown) continue;
            Console.WriteLine($"row {row.Result.Row} (line {row.Line}) {Outcome(row.Result.Outcome)}");
            foreach (var i in row.Result.Issues)
                Console.WriteLine($"    {i.Column}: {i.Issue.Code} ({Severity(i.Issue.Severity)}) {i.Issue.Message}");
        }
        var s = reading.Summary;
        if (shown > HumanRowsShown) Console.WriteLine($"… {shown - HumanRowsShown:N0} more held or rejected rows (use --json for all)");
        Console.WriteLine($"file      {s.File}");
        Console.WriteLine($"feed      {s.Feed}");
        Console.WriteLine($"format    {s.Format}{(s.Delimiter is { } d ? $" (delimiter {(d == '\t' ? "TAB" : d.ToString())})" : "")}");
        if (s.Encoding is not null) Console.WriteLine($"encoding  {s.Encoding}");
        Console.WriteLine($"rows      {s.Rows:N0} = accepted {s.Accepted:N0} + held {s.Held:N0} + rejected {s.Rejected:N0}{(s.BlankRows > 0 ? $"   ({s.BlankRows:N0} blank rows skipped)" : "")}");
        if (s.IgnoredColumns.Count > 0) Console.WriteLine($"ignored   columns not in feed {s.Feed}: {string.Join(", ", s.IgnoredColumns)}");
        if (s.Error is { } e) return Fail($"{s.File}: {e.Code}: {e.Message}");
        return 0;
    }

    private static int WriteJson(DropReading reading)
    {
        var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        // Results are streamed to a temporary file first: the counts come before them in the object.
        using var results = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        using (var w = new Utf8JsonWriter(results, options))
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
        if (s.Error is { } e) return Fail($"{s.File}: {e.Code}: {e.Message}");

        // The head object without its closing brace, then "results": and the streamed array, then the brace.
        var head = new MemoryStream();
        using (var w = new Utf8JsonWriter(head, options))
        {
            w.WriteStartObject();
            w.WriteString("file", s.File);
            w.WriteString("feed", s.Feed);
            w.WriteString("encoding", s.Encoding ?? "xlsx");
            w.WriteNumber("rows", s.Rows);
            w.WriteNumber("accepted", s.Accepted);
            w.WriteNumber("held", s.Held);
            w.WriteNumber("rejected", s.Rejected);
            w.WriteEndObject();
        }
        using var stdout = Console.OpenStandardOutput();
        stdout.Write(head.GetBuffer().AsSpan(0, (int)head.Length - 1));
        stdout.Write(",\"results\":"u8);
        results.Position = 0;
        results.CopyTo(stdout);
        stdout.WriteByte((byte)'}');
        stdout.WriteByte((byte)'\n');
        return 0;
    }

    private static string Outcome(RowOutcome o) => o switch { RowOutcome.Accepted => "accepted", RowOutcome.Held => "held", _ => "rejected" };

    private static string Severity(Severity s) => s == Domain.Validation.Severity.Error ? "error" : "warning";

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"canbao validate: {message}");
        return 2;
    }
}
