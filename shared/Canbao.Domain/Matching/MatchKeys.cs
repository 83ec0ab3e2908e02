using System.Globalization;
using System.Text;

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
        var sb = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (char.IsWhiteSpace(c) || c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF') continue;
            if (DotForms.Contains(c)) { sb.Append('\u00B7'); continue; }
            if (c is >= '\uFF01' and <= '\uFF5E') { sb.Append(char.ToUpperInvariant((char)(c - 0xFEE0))); continue; }
            sb.Append(char.ToUpperInvariant(c));
        }
        return sb.ToString();
    }

    /// <summary>
    /// Compound (two-character) Chinese surnames (复姓) that blocking must keep whole; from the common list of the
    /// Hundred Family Surnames (百家姓) still in use.
    /// </summary>
    private static readonly HashSet<string> CompoundSurnames =
    [
        "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "轩辕",
        "令狐", "端木", "南宫", "西门", "独孤", "呼延", "澹台", "公冶", "太史", "申屠", "闻人", "百里", "东郭", "万俟",
    ];

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
        if (foldedName.Length >= 3 && CompoundSurnames.Contains(foldedName[..2])) return foldedName[..2];
        return StringInfo.GetNextTextElement(foldedName);
    }

    /// <summary>
    /// Folds an address for comparison: whitespace, line breaks and punctuation removed, full-width ASCII mapped.
    /// </summary>
    public static string Address(string? address)
    {
        if (string.IsNullOrEmpty(address)) return "";
        var sb = new StringBuilder(address.Length);
        foreach (var c in address)
        {
            if (char.IsWhiteSpace(c) || char.IsPunctuation(c)) continue;
            if (c is >= '\uFF01' and <= '\uFF5E') { var a = (char)(c - 0xFEE0); if (!char.IsPunctuation(a)) sb.Append(char.ToUpperInvariant(a)); continue; }
            sb.Append(char.ToUpperInvariant(c));
        }
        return sb.ToString();
    }
}
