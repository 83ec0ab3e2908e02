using Canbao.Domain.Validation;

namespace Canbao.Domain.Normalization;

/// <summary>How two spellings of a name compare.</summary>
public enum NameComparison
{
    /// <summary>The normalized names are equal.</summary>
    Identical,
    /// <summary>The names differ only in separators, spacing or width: the comparison keys agree (a "spelling differs" note).</summary>
    SpellingDiffers,
    /// <summary>Different names.</summary>
    Different,
}

/// <summary>
/// Normalizes personal names (姓名):
/// <list type="bullet">
/// <item>Outer whitespace trimmed; whitespace between two CJK characters removed (padding such as <c>王　芳</c>); other runs
/// of whitespace (Latin-script names) folded to one space; zero-width characters dropped.</item>
/// <item>Full-width ASCII forms (U+FF01–U+FF5E) folded to half-width; CJK characters untouched.</item>
/// <item>The separator in ethnic-minority and foreign names arrives as U+00B7, U+2022, U+2027, U+30FB, U+FF0E, U+FF65,
/// U+002E, U+2219 or U+22C5 (keyboard and IME habits; GB2312 tables map A1A4 to U+30FB — case 13): every one becomes
/// U+00B7, the character 民委发〔2016〕33号 prescribes (GB18030 A1A4); spaces around it are dropped and repeats collapsed.</item>
/// <item>Characters outside the BMP (surrogate pairs, e.g. rare characters in CJK Extension B) are kept whole.</item>
/// <item>Private-use characters (U+E000–U+F8FF, planes 15–16) are kept and flagged <see cref="IssueCodes.NamePrivateUse"/>
/// (vendor-specific rare characters that display differently elsewhere).</item>
/// <item>U+FFFD is rejected (<see cref="IssueCodes.NameMojibake"/>): the text was decoded with the wrong encoding
/// and the original characters are lost. Control characters and broken surrogate pairs are rejected
/// (<see cref="IssueCodes.NameBadCharacter"/>).</item>
/// </list>
/// Messages never contain the name.
/// </summary>
public static class NameNormalizer
{
    /// <summary>The middle dot U+00B7 (GB18030 A1A4), the only separator stored.</summary>
    public const char MiddleDot = '\u00B7';

    /// <summary>True for every character that departments use as the name separator (see the class remarks).</summary>
    public static bool IsSeparator(char c) => c is '\u00B7' or '\u2022' or '\u2027' or '\u30FB' or '\uFF0E' or '\uFF65' or '.' or '\u2219' or '\u22C5';

    /// <summary>Normalizes one name cell.</summary>
    /// <returns>The normalized name (empty when nothing is left), with a private-use warning; or an error without a value.</returns>
    public static CellReading Normalize(string raw)
    {
        if (IsClean(raw)) return CellReading.Ok(raw);

        var buffer = raw.Length <= 128 ? stackalloc char[raw.Length] : new char[raw.Length];
        var n = 0;
        var pendingSpace = false;
        var privateUse = -1;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '\uFFFD')
                return CellReading.Fail(IssueCodes.NameMojibake,
                    "the name holds U+FFFD (a replacement character): the file was decoded with the wrong encoding and the name is lost");
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= raw.Length || !char.IsLowSurrogate(raw[i + 1]))
                    return CellReading.Fail(IssueCodes.NameBadCharacter, "the name holds a broken surrogate pair (invalid UTF-16)");
                if (c >= '\uDB80' && privateUse < 0) privateUse = char.ConvertToUtf32(c, raw[i + 1]);
                Emit(buffer, ref n, ref pendingSpace, c, isCjk: true);
                buffer[n++] = raw[++i];
                continue;
            }
            if (char.IsLowSurrogate(c))
                return CellReading.Fail(IssueCodes.NameBadCharacter, "the name holds a broken surrogate pair (invalid UTF-16)");
            if (CharFold.IsZeroWidth(c)) continue;
            if (c == ' ' || char.IsWhiteSpace(c)) { pendingSpace = n > 0; continue; }
            if (char.IsControl(c))
                return CellReading.Fail(IssueCodes.NameBadCharacter, $"the name holds the control character U+{(int)c:X4}");
            if (IsSeparator(c))
            {
                pendingSpace = false;
                if (n > 0 && buffer[n - 1] == MiddleDot) continue;
                if (n > 0 && buffer[n - 1] == ' ') n--;
                buffer[n++] = MiddleDot;
                continue;
            }
            if (c is >= '\uE000' and <= '\uF8FF' && privateUse < 0) privateUse = c;
            var h = CharFold.ToHalfWidth(c);
            Emit(buffer, ref n, ref pendingSpace, h, IsCjk(h));
        }

        ReadOnlySpan<char> result = buffer[..n];
        var value = result.SequenceEqual(raw) ? raw : new string(result);
        return privateUse >= 0
            ? CellReading.Warn(value, IssueCodes.NamePrivateUse,
                $"the name holds the private-use character U+{privateUse:X4}, which shows differently on other systems; check the spelling")
            : CellReading.Ok(value);
    }

    /// <summary>
    /// The key names are matched on: normalized, then every separator and space removed and ASCII letters upper-cased,
    /// so <c>努尔·艾力</c>, <c>努尔艾力</c> and <c>努尔 . 艾力</c> share one key (case 13 item 2).
    /// Returns an empty string for a name that cannot be normalized.
    /// </summary>
    public static string ComparisonKey(string name)
    {
        var normalized = Normalize(name).Value ?? "";
        var buffer = normalized.Length <= 128 ? stackalloc char[normalized.Length] : new char[normalized.Length];
        var n = 0;
        foreach (var c in normalized)
        {
            if (c == MiddleDot || c == ' ') continue;
            buffer[n++] = c is >= 'a' and <= 'z' ? (char)(c - 32) : c;
        }
        return new string(buffer[..n]);
    }

    /// <summary>Compares two spellings of a name (either raw or normalized).</summary>
    public static NameComparison Compare(string a, string b)
    {
        var na = Normalize(a).Value;
        var nb = Normalize(b).Value;
        if (na is not null && string.Equals(na, nb, StringComparison.Ordinal)) return NameComparison.Identical;
        var ka = ComparisonKey(a);
        return ka.Length > 0 && string.Equals(ka, ComparisonKey(b), StringComparison.Ordinal)
            ? NameComparison.SpellingDiffers : NameComparison.Different;
    }

    /// <summary>
    /// The "name spelling differs" note for two spellings that match on the comparison key but differ as written
    /// (e.g. <c>努尔·艾力</c> and <c>努尔艾力</c>), or null when they are identical or different names.
    /// A low-severity finding for matching: the persons are merged, the note is kept for review.
    /// </summary>
    public static Issue? SpellingNote(string a, string b) => Compare(a, b) == NameComparison.SpellingDiffers
        ? Issue.Warning(IssueCodes.NameSpellingDiffers, "the name is spelled differently in two sources (separator, spacing or width); matched on the comparison key")
        : null;

    private static void Emit(Span<char> buffer, ref int n, ref bool pendingSpace, char c, bool isCjk)
    {
        if (pendingSpace)
        {
            // A space survives only between two non-CJK characters (Latin-script names); CJK padding is dropped.
            var prev = buffer[n - 1];
            if (!isCjk && prev != MiddleDot && !IsCjk(prev) && !char.IsSurrogate(prev)) buffer[n++] = ' ';
            pendingSpace = false;
        }
        buffer[n++] = c;
    }

    private static bool IsCjk(char c) => c is >= '\u2E80' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF' or >= '\uE000' and <= '\uF8FF';

    /// <summary>Fast path: CJK unified ideographs (and U+00B7 between them) only.</summary>
    private static bool IsClean(string s)
    {
        if (s.Length == 0) return true;
        foreach (var c in s)
        {
            if (c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF') continue;
            if (c == MiddleDot) continue;
            return false;
        }
        return s[0] != MiddleDot && s[^1] != MiddleDot && !s.Contains("\u00B7\u00B7", StringComparison.Ordinal);
    }
}
