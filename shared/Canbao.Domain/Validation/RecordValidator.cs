using Canbao.Domain.Identifiers;
using Canbao.Domain.Standard;

namespace Canbao.Domain.Validation;

/// <summary>What a validation run needs to know besides the row: the processing date and reference data.</summary>
/// <param name="ProcessingDate">The run's date: birth dates after it are errors (case 09), not the machine clock.</param>
/// <param name="Regions">GB/T 2260 region-code history.</param>
public sealed record ValidationContext(DateOnly ProcessingDate, RegionCodeHistory Regions)
{
    /// <summary>A context for the given date with the shipped reference data.</summary>
    public static ValidationContext For(DateOnly processingDate) => new(processingDate, RegionCodeHistory.Default);
}

/// <summary>
/// Validates and normalizes the rows of one feed. Pure: values in, <see cref="RowResult"/> out.
/// A reader maps the file's columns to the feed's fields and hands each row's values in the order of
/// <see cref="FeedSpec.Fields"/> (null where the file has no such column or the cell is empty).
/// </summary>
public sealed class RecordValidator
{
    private readonly FeedSpec _feed;
    private readonly string[] _columns;
    private readonly ValidationContext _context;

    /// <summary>Creates a validator for one drop.</summary>
    /// <param name="feed">The feed.</param>
    /// <param name="columnNames">For each feed field (same order), the column name as the file writes it, used in findings;
    /// null where the file has no such column (the field's standard header is used).</param>
    /// <param name="context">Processing date and reference data.</param>
    public RecordValidator(FeedSpec feed, IReadOnlyList<string?> columnNames, ValidationContext context)
    {
        if (columnNames.Count != feed.Fields.Count)
            throw new ArgumentException($"expected {feed.Fields.Count} column names for feed {feed.Id}, got {columnNames.Count}", nameof(columnNames));
        _feed = feed;
        _columns = feed.Fields.Select((f, i) => columnNames[i] ?? f.Header).ToArray();
        _context = context;
    }

    /// <summary>The feed validated.</summary>
    public FeedSpec Feed => _feed;

    /// <summary>Validates one row.</summary>
    /// <param name="row">Data row number from 1.</param>
    /// <param name="values">Raw cell values in the order of <see cref="FeedSpec.Fields"/>.</param>
    public RowResult Validate(long row, IReadOnlyList<string?> values)
    {
        var issues = new List<FieldIssue>();
        var record = new Dictionary<string, string>(values.Count + 2, StringComparer.Ordinal);
        for (var i = 0; i < _feed.Fields.Count; i++)
        {
            var field = _feed.Fields[i];
            var raw = values[i];
            if (string.IsNullOrWhiteSpace(raw))
            {
                if (field.Required)
                    issues.Add(new FieldIssue(_columns[i], Issue.Error("REQUIRED_MISSING", $"{field.Field.Label} is required and empty")));
                continue;
            }
            switch (field.Field.Kind)
            {
                case FieldKind.ResidentId:
                    var id = ResidentIdParser.Parse(raw, _context.ProcessingDate, _context.Regions);
                    foreach (var issue in id.Issues) issues.Add(new FieldIssue(_columns[i], issue));
                    if (id.Id is { } valid)
                    {
                        record[field.Field.Key] = valid.Value;
                        if (id.WasNormalized) record["resident_id_raw"] = raw;
                        if (id.Legacy15 is not null) record["resident_id_legacy15"] = id.Legacy15;
                    }
                    break;
                default:
                    record[field.Field.Key] = raw.Trim();
                    break;
            }
        }

        var outcome = issues.Any(x => x.Issue.Severity == Severity.Error) ? RowOutcome.Rejected
            : issues.Count > 0 ? RowOutcome.Held : RowOutcome.Accepted;
        return new RowResult(row, outcome, issues, outcome == RowOutcome.Rejected ? new Dictionary<string, string>() : record);
    }
}
