using Canbao.Domain.Identifiers;

namespace Canbao.Domain.Matching;

/// <summary>
/// The IDs a mistyped resident ID could have been. Typing errors in 18-character IDs are overwhelmingly a single
/// wrong character or two adjacent characters swapped (Damerau's observation on keying errors, and what departments'
/// rejected-row lists show); spreadsheet tools keeping 15 significant digits zero the last three. Given the unusable
/// text, these enumerate the canonical candidates so linkage can look them up in the round's set of valid IDs.
/// </summary>
public static class IdNeighbors
{
    private const string Alphabet = "0123456789X";

    /// <summary>Most candidates <see cref="ValidOneEdit"/> can write: at most one substitution per position keeps the check
    /// character right (MOD 11-2 weights are invertible), so 18 substitutions and 17 transpositions.</summary>
    public const int MaxValidOneEdit = 35;

    /// <summary>
    /// The strings of every one-substitution or adjacent-transposition string whose check character (GB 11643-1999 MOD 11-2) is right — the only ones that
    /// can be valid resident IDs — written one after another, 18 characters each, into <paramref name="into"/>
    /// (at least <see cref="MaxValidOneEdit"/> × 18 characters); no string is made. Returns how many were written.
    /// </summary>
    /// <param name="id18">The unusable 18-character ID text; anything else yields none.</param>
    /// <param name="into">The buffer.</param>
    /// <exception cref="ArgumentException">The buffer is too small.</exception>
    public static int ValidOneEdit(ReadOnlySpan<char> id18, Span<char> into)
    {
        if (into.Length < MaxValidOneEdit * 18) throw new ArgumentException($"the buffer needs {MaxValidOneEdit * 18} characters", nameof(into));
        if (id18.Length != 18) return 0;
        Span<char> buf = stackalloc char[18];
        id18.CopyTo(buf);
        var count = 0;
        void Keep(ReadOnlySpan<char> candidate, Span<char> into, ref int count)
        {
            foreach (var c in candidate[..17]) if (c is < '0' or > '9') return;
            if (ResidentId.ComputeCheckCharacter(candidate[..17]) != candidate[17]) return;
            candidate.CopyTo(into.Slice(count++ * 18, 18));
        }
        for (var i = 0; i < 18; i++)
        {
            var orig = buf[i];
            var n = i == 17 ? 11 : 10;
            for (var k = 0; k < n; k++)
            {
                var c = Alphabet[k];
                if (c == orig) continue;
                buf[i] = c;
                Keep(buf, into, ref count);
            }
            buf[i] = orig;
        }
        for (var i = 0; i < 17; i++)
        {
            if (buf[i] == buf[i + 1]) continue;
            (buf[i], buf[i + 1]) = (buf[i + 1], buf[i]);
            Keep(buf, into, ref count);
            (buf[i], buf[i + 1]) = (buf[i + 1], buf[i]);
        }
        return count;
    }

    /// <summary>
    /// How two ID texts relate: <see cref="IdRelation.Same"/>, <see cref="IdRelation.OneEdit"/> (one substitution or
    /// adjacent transposition), <see cref="IdRelation.Prefix15"/> (first 15 agree and the unusable one ends in 000:
    /// precision lost), <see cref="IdRelation.Far"/>, or <see cref="IdRelation.Unknown"/> when the unusable text is
    /// not an 18-character ID at all (missing, scientific notation, bad length).
    /// </summary>
    /// <param name="unusable">The normalized unusable ID text from a row.</param>
    /// <param name="canonical">A valid canonical ID.</param>
    public static IdRelation Relate(string? unusable, string canonical)
    {
        if (string.IsNullOrEmpty(unusable) || unusable.Length != 18 || canonical.Length != 18) return IdRelation.Unknown;
        if (string.Equals(unusable, canonical, StringComparison.Ordinal)) return IdRelation.Same;
        var diff = 0; var first = -1; var second = -1;
        for (var i = 0; i < 18; i++)
        {
            if (unusable[i] == canonical[i]) continue;
            diff++;
            if (first < 0) first = i; else if (second < 0) second = i;
        }
        if (diff == 1) return IdRelation.OneEdit;
        if (diff == 2 && second == first + 1 && unusable[first] == canonical[second] && unusable[second] == canonical[first]) return IdRelation.OneEdit;
        if (unusable.EndsWith("000", StringComparison.Ordinal) && string.CompareOrdinal(unusable, 0, canonical, 0, 15) == 0) return IdRelation.Prefix15;
        return IdRelation.Far;
    }
}

/// <summary>How an unusable ID text relates to a candidate's valid ID (a comparison level of the ID field).</summary>
public enum IdRelation
{
    /// <summary>The unusable text is not comparable (missing, scientific notation, wrong length).</summary>
    Unknown,
    /// <summary>Identical text (the row was unusable for another reason, e.g. an impossible birth date).</summary>
    Same,
    /// <summary>One substituted character or two adjacent characters swapped.</summary>
    OneEdit,
    /// <summary>The first 15 characters agree and the unusable text ends in 000 (digits zeroed by a spreadsheet).</summary>
    Prefix15,
    /// <summary>Anything further apart.</summary>
    Far,
}
