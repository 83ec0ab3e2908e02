using Canbao.Domain.Standard;
using Canbao.Domain.Validation;

namespace Canbao.Ingestion;

/// <summary>Runs the domain validator on a row's values and merges in the readers' own findings.</summary>
internal sealed class RowBuilder
{
    private static readonly IReadOnlyDictionary<string, string> NoRecord = new Dictionary<string, string>();
    private readonly RecordValidator _validator;

    public RowBuilder(FeedSpec feed, IReadOnlyList<string?> columnNames, ValidationContext context)
    {
        Feed = feed;
        ColumnNames = feed.Fields.Select((f, i) => columnNames[i] ?? f.Header).ToArray();
        _validator = new RecordValidator(feed, columnNames, context);
    }

    public FeedSpec Feed { get; }

    /// <summary>For each feed field, the name findings use.</summary>
    public string[] ColumnNames { get; }

    /// <summary>A rejected row with only reader findings (not validated: its fields cannot be trusted).</summary>
    public static RowResult Reject(long row, IReadOnlyList<FieldIssue> issues) => new(row, RowOutcome.Rejected, issues, NoRecord);

    /// <summary>
    /// Validates; reader findings come first. A reader ERROR on a column supersedes the validator's findings on that
    /// column (e.g. a numeric ID cell is passed to the validator as empty: its REQUIRED_MISSING is dropped).
    /// </summary>
    public RowResult Build(long row, string?[] values, List<FieldIssue>? readerIssues)
    {
        var result = _validator.Validate(row, values);
        if (readerIssues is null || readerIssues.Count == 0) return result;
        var merged = new List<FieldIssue>(readerIssues.Count + result.Issues.Count);
        merged.AddRange(readerIssues);
        foreach (var issue in result.Issues)
        {
            var superseded = false;
            foreach (var r in readerIssues)
                if (r.Issue.Severity == Severity.Error && r.Column == issue.Column) { superseded = true; break; }
            if (!superseded) merged.Add(issue);
        }
        var outcome = RowOutcome.Accepted;
        foreach (var i in merged)
        {
            if (i.Issue.Severity == Severity.Error) { outcome = RowOutcome.Rejected; break; }
            outcome = RowOutcome.Held;
        }
        return new RowResult(row, outcome, merged, outcome == RowOutcome.Rejected ? NoRecord : result.Record);
    }
}
