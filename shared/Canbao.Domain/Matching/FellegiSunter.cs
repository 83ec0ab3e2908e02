using Canbao.Domain.Identifiers;

namespace Canbao.Domain.Matching;

/// <summary>
/// The fields compared when a row whose resident ID is unusable is linked to a person (or two persons are compared
/// for a possible duplicate identity). Folded with <see cref="MatchKeys"/>; empty or null = missing.
/// </summary>
/// <param name="IdText">Normalized ID text as the row holds it (unusable, or a candidate's canonical ID).</param>
/// <param name="Name">Folded name.</param>
/// <param name="BirthDate">Birth date, or null when unknown.</param>
/// <param name="Sex">Sex, <see cref="Sex.Unknown"/> when unknown.</param>
/// <param name="Region">6-digit region code (of the ID or the household registration).</param>
/// <param name="Address">Folded household-registration or residence address.</param>
public sealed record LinkageFields(string IdText, string Name, DateOnly? BirthDate, Sex Sex, string Region, string Address);

/// <summary>One field's contribution to a match weight: the comparison level and its log2 weight.</summary>
/// <param name="Field">Field key (resident_id, name, birth_date, sex, region, address).</param>
/// <param name="Level">agree / disagree / missing, <c>in_id</c> (birth date and region when a near ID already weighed them), or the ID relation (one_edit, prefix15, far …).</param>
/// <param name="Weight">log2(m/u) on agreement, log2((1−m)/(1−u)) on disagreement, 0 when missing.</param>
public sealed record WeightPart(string Field, string Level, double Weight);

/// <summary>A scored comparison: the total weight and its parts (kept as evidence of the decision).</summary>
/// <param name="Total">Sum of the parts' weights (log2 likelihood ratio).</param>
/// <param name="Parts">Per-field contributions.</param>
public sealed record MatchScore(double Total, IReadOnlyList<WeightPart> Parts)
{
    /// <summary>A compact explanation, e.g. "resident_id:one_edit(+13.2) name:agree(+9.1) …"; contains no personal values.</summary>
    public string Explain() => string.Join(' ', Parts.Select(p => $"{p.Field}:{p.Level}({p.Weight:+0.0;-0.0;0})"));
}

/// <summary>The three outcomes of Fellegi–Sunter decision rule.</summary>
public enum MatchDecision
{
    /// <summary>Weight at or above the upper threshold (and clearly above any rival): linked automatically.</summary>
    Match,
    /// <summary>Between the thresholds, or two candidates too close to tell: goes to the review list, not merged.</summary>
    PossibleMatch,
    /// <summary>Below the lower threshold: not linked.</summary>
    NonMatch,
}

/// <summary>
/// m-probabilities (chance a true match agrees on the field) and decision thresholds. Defaults were set on generated
/// cities with default noise (see the README, "Comparison round"): the upper threshold keeps a common name with the
/// same birth date but a far-off ID below a match, and a near ID (one edit, or zeroed last three) with nothing
/// contradicting it above it.
/// </summary>
public sealed record MatchParameters
{
    /// <summary>m for the resident ID being one edit (or the precision-lost prefix) away.</summary>
    public double MIdNear { get; init; } = 0.95;
    /// <summary>
    /// u for the resident ID being near (one edit away, or the same first 15 characters with the last three zeroed): the
    /// chance that a random non-matching person's valid ID is that near the row's text. About 15 valid IDs lie one edit
    /// from a text (one check character in 11 fits) and 100 share its first 15 characters, among the 10^8–10^9 IDs a
    /// city's region codes × birth dates × sequence numbers allow, so 1e-6 (the larger, prefix case). The ID carries the
    /// birth date and region code, so a near ID is not counted again through them (<see cref="FellegiSunterScorer.Score"/>):
    /// before, a within-block u of 1e-4 plus agreeing birth date and region weighed about 30 and linked a row to the
    /// person whose ID shares 15 characters with it even when name, sex and address all disagreed (6 false merges in a
    /// 300,000-person city). Now a near ID alone weighs log2(0.95/1e-6) ≈ 19.9, just above the match threshold, so any
    /// contradicting name (−4.3) or sex (−4.6) leaves the row a possible match for review.
    /// </summary>
    public double UIdNear { get; init; } = 1e-6;
    /// <summary>m for an 18-character unusable ID being far from the true one (two typos, a wrong person's ID).</summary>
    public double MIdFar { get; init; } = 0.01;
    /// <summary>m for the name.</summary>
    public double MName { get; init; } = 0.95;
    /// <summary>m for the birth date.</summary>
    public double MBirthDate { get; init; } = 0.97;
    /// <summary>m for sex.</summary>
    public double MSex { get; init; } = 0.98;
    /// <summary>m for the region code.</summary>
    public double MRegion { get; init; } = 0.9;
    /// <summary>m for the address (lower: addresses go stale).</summary>
    public double MAddress { get; init; } = 0.6;
    /// <summary>At or above: match.</summary>
    public double UpperThreshold { get; init; } = 18;
    /// <summary>At or above (and below upper): possible match.</summary>
    public double LowerThreshold { get; init; } = 10;
    /// <summary>A best candidate within this margin of the runner-up is only a possible match (ambiguous).</summary>
    public double AmbiguityMargin { get; init; } = 6;
}

/// <summary>
/// Fellegi–Sunter scoring (Fellegi &amp; Sunter, "A Theory for Record Linkage", JASA 1969) with value-specific
/// u-probabilities from the round's own <see cref="ValueFrequencies"/>. Weights are log2 likelihood ratios.
/// </summary>
/// <param name="Names">Frequencies of folded names among persons.</param>
/// <param name="BirthDates">Frequencies of birth dates (yyyyMMdd) among persons.</param>
/// <param name="Regions">Frequencies of region codes among persons.</param>
/// <param name="Addresses">Frequencies of folded addresses among persons.</param>
/// <param name="Parameters">m-probabilities and thresholds.</param>
public sealed class FellegiSunterScorer(ValueFrequencies Names, ValueFrequencies BirthDates, ValueFrequencies Regions,
    ValueFrequencies Addresses, MatchParameters Parameters)
{
    /// <summary>The parameters in use.</summary>
    public MatchParameters Parameters { get; } = Parameters;

    /// <summary>
    /// Scores a row's fields against a candidate person's fields. When the row's ID is near the candidate's (same, one
    /// edit, zeroed last three) the birth date and region are part of what the ID comparison already weighed, so they
    /// are reported as <c>in_id</c> with weight 0: Fellegi–Sunter weights add up only for conditionally independent
    /// fields, and the ID's embedded date and region are the same fact counted twice.
    /// </summary>
    public MatchScore Score(LinkageFields row, LinkageFields candidate)
    {
        var p = Parameters;
        var parts = new List<WeightPart>(6);
        var rel = IdNeighbors.Relate(row.IdText, candidate.IdText);
        var uNear = p.UIdNear;
        parts.Add(rel switch
        {
            IdRelation.Same or IdRelation.OneEdit or IdRelation.Prefix15 => new WeightPart("resident_id", Level(rel), Math.Log2(p.MIdNear / uNear)),
            IdRelation.Far => new WeightPart("resident_id", "far", Math.Log2(p.MIdFar / (1 - uNear))),
            _ => new WeightPart("resident_id", "missing", 0),
        });
        var inId = rel is IdRelation.Same or IdRelation.OneEdit or IdRelation.Prefix15;
        parts.Add(Compare("name", row.Name, candidate.Name, p.MName, Names));
        parts.Add(inId ? new WeightPart("birth_date", "in_id", 0)
            : row.BirthDate is { } b && candidate.BirthDate is { } cb
            ? Compare("birth_date", b.ToString("yyyyMMdd"), cb.ToString("yyyyMMdd"), p.MBirthDate, BirthDates)
            : new WeightPart("birth_date", "missing", 0));
        parts.Add(row.Sex == Sex.Unknown || candidate.Sex == Sex.Unknown ? new WeightPart("sex", "missing", 0)
            : row.Sex == candidate.Sex ? new WeightPart("sex", "agree", Math.Log2(p.MSex / 0.5))
            : new WeightPart("sex", "disagree", Math.Log2((1 - p.MSex) / 0.5)));
        parts.Add(inId ? new WeightPart("region", "in_id", 0) : Compare("region", row.Region, candidate.Region, p.MRegion, Regions));
        parts.Add(Compare("address", row.Address, candidate.Address, p.MAddress, Addresses));
        return new MatchScore(parts.Sum(x => x.Weight), parts);
    }

    /// <summary>
    /// Decides on the best of a row's scored candidates: match when the best is at or above the upper threshold and
    /// beats the runner-up by the ambiguity margin; possible match when at or above the lower threshold; else non-match.
    /// </summary>
    /// <param name="best">The best total weight.</param>
    /// <param name="runnerUp">The second-best total weight, or null when there was one candidate.</param>
    public MatchDecision Decide(double best, double? runnerUp)
    {
        if (best >= Parameters.UpperThreshold && (runnerUp is null || best - runnerUp.Value >= Parameters.AmbiguityMargin)) return MatchDecision.Match;
        return best >= Parameters.LowerThreshold ? MatchDecision.PossibleMatch : MatchDecision.NonMatch;
    }

    private static WeightPart Compare(string field, string a, string b, double m, ValueFrequencies freq)
    {
        if (a.Length == 0 || b.Length == 0) return new WeightPart(field, "missing", 0);
        if (string.Equals(a, b, StringComparison.Ordinal)) return new WeightPart(field, "agree", Math.Log2(m / freq.U(a)));
        var u = Math.Min(0.99, freq.U(a));
        return new WeightPart(field, "disagree", Math.Log2((1 - m) / (1 - u)));
    }

    private static string Level(IdRelation r) => r switch
    {
        IdRelation.Same => "same",
        IdRelation.OneEdit => "one_edit",
        IdRelation.Prefix15 => "prefix15",
        _ => "far",
    };
}
