namespace Canbao.Domain.Matching;

/// <summary>
/// How often each value of one field occurs among the round's persons, for frequency-based u-probabilities
/// (Fellegi &amp; Sunter 1969 §3.3; Winkler's value-specific weights): agreeing on a common name such as 王伟 is
/// weaker evidence than agreeing on a rare one. Counts are computed from the round's own data, never shipped.
/// </summary>
public sealed class ValueFrequencies
{
    private readonly Dictionary<string, int> _counts;

    /// <summary>Creates empty counts.</summary>
    public ValueFrequencies() : this(0) { }

    /// <summary>Creates empty counts with room for <paramref name="capacity"/> distinct values (no regrowth up to it).</summary>
    /// <param name="capacity">Expected distinct values; 0 or more.</param>
    public ValueFrequencies(int capacity) => _counts = new Dictionary<string, int>(capacity, StringComparer.Ordinal);

    /// <summary>Number of values added (empty values are not counted).</summary>
    public long Total { get; private set; }

    /// <summary>Counts one occurrence of a value; empty values are ignored.</summary>
    public void Add(string value)
    {
        if (value.Length == 0) return;
        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_counts, value, out _)++;
        Total++;
    }

    /// <summary>Occurrences of a value (0 when unseen).</summary>
    public int Count(string value) => _counts.GetValueOrDefault(value);

    /// <summary>
    /// The chance that a random non-matching pair agrees on this value: its relative frequency, with a floor of one
    /// occurrence so unseen values keep a finite weight. In (0, 1].
    /// </summary>
    public double U(string value) => Total == 0 ? 1.0 : Math.Max(1, Count(value)) / (double)Total;
}
