namespace Canbao.Domain.Normalization;

/// <summary>
/// Character classes shared by the normalizers. ASCII-only on purpose: .NET's <c>char.IsDigit</c> and <c>\d</c>
/// accept every Unicode decimal digit (case 03), so digits are tested as <c>'0'..'9'</c> here.
/// </summary>
internal static class CharFold
{
    /// <summary>True for ASCII 0-9 only.</summary>
    public static bool IsAsciiDigit(char c) => (uint)(c - '0') <= 9;

    /// <summary>True for full-width digits U+FF10–U+FF19.</summary>
    public static bool IsFullWidthDigit(char c) => (uint)(c - '\uFF10') <= 9;

    /// <summary>Zero-width characters that carry no text: ZWSP, ZWNJ, ZWJ, WORD JOINER, BOM/ZWNBSP.</summary>
    public static bool IsZeroWidth(char c) => c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF';

    /// <summary>Whitespace (every Unicode space incl. U+00A0, U+3000, TAB, line breaks) or a zero-width character.</summary>
    /// <remarks>Printable ASCII and everything above U+3000 (CJK, full-width forms) but U+FEFF are answered without the
    /// Unicode table: no space or zero-width character lies in U+0021–U+0084 or above U+3000 except U+FEFF.</remarks>
    public static bool IsSpaceOrZeroWidth(char c) => c switch
    {
        <= ' ' => c == ' ' || char.IsWhiteSpace(c),
        < '\u0085' => false,
        > '\u3000' => c == '\uFEFF',
        _ => char.IsWhiteSpace(c) || IsZeroWidth(c),
    };

    /// <summary>
    /// Maps full-width ASCII forms (U+FF01–U+FF5E) to ASCII and U+3000 to a space; every other character unchanged.
    /// </summary>
    public static char ToHalfWidth(char c) => c switch
    {
        >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
        '\u3000' => ' ',
        _ => c,
    };

    /// <summary>True for a non-ASCII Unicode decimal digit that is not a full-width digit (Arabic-Indic, Devanagari …).</summary>
    public static bool IsForeignDigit(char c) => c > '\u007F' && !IsFullWidthDigit(c) && char.IsDigit(c);

    /// <summary>Trims whitespace and zero-width characters from both ends; returns the same instance when nothing changes.</summary>
    public static string TrimAll(string s)
    {
        int start = 0, end = s.Length - 1;
        while (start <= end && IsSpaceOrZeroWidth(s[start])) start++;
        while (end >= start && IsSpaceOrZeroWidth(s[end])) end--;
        if (start == 0 && end == s.Length - 1) return s;
        return start > end ? "" : s.Substring(start, end - start + 1);
    }

    /// <summary>Trimmed span (whitespace and zero-width characters).</summary>
    public static ReadOnlySpan<char> TrimAll(ReadOnlySpan<char> s)
    {
        int start = 0, end = s.Length - 1;
        while (start <= end && IsSpaceOrZeroWidth(s[start])) start++;
        while (end >= start && IsSpaceOrZeroWidth(s[end])) end--;
        return start > end ? [] : s[start..(end + 1)];
    }
}
