using Canbao.Domain.Standard;
using Canbao.Domain.Validation;
using Canbao.Ingestion;

namespace Canbao.Cli.Demo;

/// <summary>One drop's ingestion account: rows = accepted + held + rejected (DESIGN step 1), or the file-level error.</summary>
/// <param name="Drop">Path relative to the drops folder, e.g. <c>enrollment/2017-03-630102.csv</c>.</param>
/// <param name="Feed">Feed id.</param>
/// <param name="Rows">Data rows read.</param>
/// <param name="Accepted">Rows accepted without findings.</param>
/// <param name="Held">Rows accepted with warnings.</param>
/// <param name="Rejected">Rows rejected.</param>
/// <param name="Error">File-level error message, or null.</param>
/// <param name="Findings">The first ServeOperatorSources.MaxFindings row findings (messages as the validator wrote them: IDs masked).</param>
public sealed record DropCount(string Drop, string Feed, long Rows, long Accepted, long Held, long Rejected, string? Error, IReadOnlyList<DropFinding> Findings)
{
    /// <summary>The 6-digit district code in the drop's file name (<c>yyyy-MM-DDDDDD.ext</c>), or empty.</summary>
    public string DistrictCode
    {
        get
        {
            var name = Path.GetFileNameWithoutExtension(Drop);
            return name.Length == 14 && name[7] == '-' ? name[8..] : "";
        }
    }
}

/// <summary>One row finding of a drop: where and why.</summary>
/// <param name="Row">Data row from 1.</param>
/// <param name="Column">The column as the department named it.</param>
/// <param name="Code">Issue code.</param>
/// <param name="Severity">error or warning.</param>
/// <param name="Message">Why.</param>
public sealed record DropFinding(long Row, string Column, string Code, string Severity, string Message);

/// <summary>Reads a drop's usable rows (for the change events the demo builds from the second period's drops).</summary>
public static class DropTally
{
    /// <summary>Accepted and held rows of one drop as normalized records (standard keys), with their row numbers.</summary>
    public static IEnumerable<(long Row, IReadOnlyDictionary<string, string> Record)> UsableRows(string root, string rel, DateOnly date)
    {
        var feed = FeedCatalog.All.First(f => f.Id == rel.Split('/')[0]);
        using var stream = File.OpenRead(Path.Combine(root, rel));
        using var reading = DropReader.Read(stream, rel, feed, ValidationContext.For(date));
        foreach (var row in reading.Rows)
            if (row.Result.Outcome != RowOutcome.Rejected) yield return (row.Result.Row, row.Result.Record);
    }
}
