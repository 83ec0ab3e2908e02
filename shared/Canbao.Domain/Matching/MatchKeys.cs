using System.Globalization;

namespace Canbao.Domain.Matching;

/// <summary>
/// Comparison keys for matching: names and addresses folded so that spelling noise departments introduce (stray
/// spaces, full-width forms, the several characters used for the middle dot of ethnic-minority names — 民委发〔2016〕33号
/// prescribes U+00B7) never counts as a disagreement. Pure functions.
/// </summary>
public static class MatchKeys
{
    /// <summary>Characters seen in place of the middle dot U+00B7 (·): U+2022, U+2027, U+30FB, U+FF65, U+22C5, U+2219, U+FF0E, U+0387, '.'.</summary>
    private const string DotForms = "\u2022\u2027\u30FB\uFF65\u22C5\u2219\uFF0E\u0387.";

    /// <summary>
    /// Folds a name for comparison: whitespace and zero-width characters removed, full-width ASCII mapped to ASCII,
    /// every middle-dot variant mapped to U+00B7, Latin letters upper-cased. Empty for null.
    /// </summary>
    public static string Name(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "";
        Span<char> buffer = name.Length <= StackChars ? stackalloc char[StackChars] : new char[name.Length];
        var n = 0;
        foreach (var c in name)
        {
            if (char.IsWhiteSpace(c) || c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF') continue;
            if (DotForms.Contains(c)) { buffer[n++] = '\u00B7'; continue; }
            if (c is >= '\uFF01' and <= '\uFF5E') { buffer[n++] = Upper((char)(c - 0xFEE0)); continue; }
            buffer[n++] = Upper(c);
        }
        return Result(name, buffer[..n]);
    }

    /// <summary>Longest text folded on the stack; longer text (a rare long address) uses a heap buffer.</summary>
    private const int StackChars = 256;

    /// <summary>The input itself when folding left it as it was (most names and many addresses: no allocation), else a new string.</summary>
    private static string Result(string input, ReadOnlySpan<char> folded) =>
        folded.SequenceEqual(input) ? input : new string(folded);

    /// <summary><see cref="char.ToUpperInvariant"/> of every UTF-16 code unit, computed once: the framework call goes to
    /// ICU for each non-ASCII character (every Chinese character of every name and address), which made folding the
    /// largest cost of resolution. Same results by construction.</summary>
    private static readonly char[] UpperTable = BuildUpperTable();

    private static char[] BuildUpperTable()
    {
        var table = new char[char.MaxValue + 1];
        for (var c = 0; c <= char.MaxValue; c++) table[c] = char.ToUpperInvariant((char)c);
        return table;
    }

    /// <summary>Upper-case (invariant) of one code unit.</summary>
    private static char Upper(char c) => UpperTable[c];

    /// <summary>
    /// Compound (two-character) Chinese surnames (复姓) that blocking must keep whole; from the common list of the
    /// Hundred Family Surnames (百家姓) still in use.
    /// </summary>
    private static readonly HashSet<string> CompoundSurnames = new(StringComparer.Ordinal)
    {
        "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "轩辕",
        "令狐", "端木", "南宫", "西门", "独孤", "呼延", "澹台", "公冶", "太史", "申屠", "闻人", "百里", "东郭", "万俟",
    };

    /// <summary><see cref="CompoundSurnames"/> looked up by the name's first two characters without cutting them out.</summary>
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> CompoundSurnameLookup =
        CompoundSurnames.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>One-character surnames (almost all of them), one string per character, made on first use.</summary>
    private static readonly string?[] SingleCharacters = new string?[char.MaxValue + 1];

    /// <summary>
    /// The surname used for blocking: a compound surname when the name starts with one; for a name with a middle dot
    /// (transliterated minority names) the part before the first dot; otherwise the first text element (so a
    /// character outside the BMP is kept whole). Input should already be folded by <see cref="Name"/>.
    /// </summary>
    public static string Surname(string foldedName)
    {
        if (foldedName.Length == 0) return "";
        var dot = foldedName.IndexOf('\u00B7');
        if (dot > 0) return foldedName[..dot];
        if (foldedName.Length >= 3 && CompoundSurnameLookup.Contains(foldedName.AsSpan(0, 2))) return foldedName[..2];
        var length = StringInfo.GetNextTextElementLength(foldedName);
        if (length == foldedName.Length) return foldedName;
        if (length == 1) return SingleCharacters[foldedName[0]] ??= foldedName[..1]; // a benign race: equal strings
        return foldedName[..length];
    }

    /// <summary>
    /// Folds an address for comparison: whitespace, line breaks and punctuation removed, full-width ASCII mapped.
    /// </summary>
    public static string Address(string? address)
    {
        if (string.IsNullOrEmpty(address)) return "";
        Span<char> buffer = address.Length <= StackChars ? stackalloc char[StackChars] : new char[address.Length];
        var n = 0;
        foreach (var c in address)
        {
            if (char.IsWhiteSpace(c) || char.IsPunctuation(c)) continue;
            if (c is >= '\uFF01' and <= '\uFF5E') { var a = (char)(c - 0xFEE0); if (!char.IsPunctuation(a)) buffer[n++] = Upper(a); continue; }
            buffer[n++] = Upper(c);
        }
        return Result(address, buffer[..n]);
    }
}
