using Canbao.Domain.Identifiers;

namespace Canbao.Comparison;

/// <summary>
/// One department row as the round reads it: the feed, the drop it came from, its row number and its normalized
/// fields by standard key. <c>resident_id</c> holds the ID text as the department wrote it (trimmed, not yet parsed):
/// the round parses it itself, so a row whose ID is unusable still brings its other fields for linkage.
/// </summary>
/// <param name="Feed">Feed id, e.g. <c>household_registry</c>.</param>
/// <param name="Drop">The drop's path relative to the drops folder, e.g. <c>household_registry/630102.csv</c>.</param>
/// <param name="Row">Data row number in the drop, from 1.</param>
/// <param name="Fields">Normalized fields by standard key (see <c>StandardFields</c>).</param>
public sealed record SourceRow(string Feed, string Drop, long Row, IReadOnlyDictionary<string, string> Fields)
{
    /// <summary>The <c>resident_id</c> field as parsed on the reading thread (<see cref="DropSource.Read"/>), so the
    /// single resolving thread does not parse it again; null when the row was made elsewhere.</summary>
    internal ResidentIdParseResult? ParsedId { get; init; }

    /// <summary>The processing date <see cref="ParsedId"/> was parsed for (the parse depends on it).</summary>
    internal DateOnly ParsedOn { get; init; }

    /// <summary>The resident ID parsed for <paramref name="processingDate"/>: the reading thread's parse when it was
    /// made for that date, else parsed now (<see cref="ResidentIdParser.Parse(string?, DateOnly, RegionCodeHistory?)"/>).</summary>
    internal ResidentIdParseResult ParseId(DateOnly processingDate) =>
        ParsedId is { } parsed && ParsedOn == processingDate ? parsed : ResidentIdParser.Parse(Get("resident_id"), processingDate);

    /// <summary>A field's value, or empty when absent.</summary>
    public string Get(string key) => Fields.TryGetValue(key, out var v) ? v : "";
}
