using System.Text;
using Canbao.Domain.Standard;
using Canbao.Domain.Validation;

namespace Canbao.Ingestion;

/// <summary>
/// Reads a whole drop and writes its row report: one CSV line per finding of every held or rejected row,
/// <c>row,outcome,column,code,reason</c> — positions, codes and reasons only, never the row's values. Both hosts'
/// drop ingestors (local folder, Azure blob) call this and only differ in where the bytes come from and go to.
/// </summary>
public static class DropRowReport
{
    /// <summary>Reads <paramref name="content"/> as a drop of <paramref name="feed"/> and returns its summary and report.</summary>
    /// <param name="content">The drop's bytes.</param>
    /// <param name="where">How to name the drop in error messages (e.g. <c>container/name</c>).</param>
    /// <param name="fileName">The drop's file name (its extension picks the format).</param>
    /// <param name="feed">The feed.</param>
    /// <param name="processingDate">The run's date (ID birth-date checks).</param>
    /// <exception cref="InvalidDataException">The file cannot be read (file-level error, before or during the rows).</exception>
    public static (DropSummary Summary, string ReportCsv) Read(Stream content, string where, string fileName, FeedSpec feed, DateOnly processingDate)
    {
        var report = new StringBuilder("row,outcome,column,code,reason\n");
        using var reading = DropReader.Read(content, fileName, feed, ValidationContext.For(processingDate));
        if (reading.Error is { } open) throw new InvalidDataException($"{where}: {open.Message}");
        foreach (var row in reading.Rows)
        {
            if (row.Result.Outcome == RowOutcome.Accepted) continue;
            foreach (var issue in row.Result.Issues)
                report.Append(row.Result.Row).Append(',').Append(row.Result.Outcome).Append(',').Append(Csv(issue.Column)).Append(',')
                    .Append(issue.Issue.Code).Append(',').Append(Csv(issue.Issue.Message)).Append('\n');
        }
        if (reading.Error is { } mid) throw new InvalidDataException($"{where}: {mid.Message}");
        return (reading.Summary, report.ToString());
    }

    private static string Csv(string v) => v.Contains(',') || v.Contains('"') || v.Contains('\n') ? $"\"{v.Replace("\"", "\"\"")}\"" : v;
}
