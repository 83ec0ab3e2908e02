using System.Globalization;
using Canbao.Domain.Validation;

namespace Canbao.Domain.Identifiers;

/// <summary>
/// The outcome of reading a resident ID from messy text.
/// </summary>
/// <param name="Id">The canonical ID when valid; null when any error was found.</param>
/// <param name="Normalized">The text after normalization (ASCII digits/X, whitespace removed), before upgrade; for audit.</param>
/// <param name="Legacy15">The 15-digit legacy form when the input was one (kept as an alias of the person).</param>
/// <param name="WasNormalized">True when the raw text differed from the normalized text (width, case, whitespace).</param>
/// <param name="Issues">Errors (the ID is unusable) and warnings (usable, needs review).</param>
public sealed record ResidentIdParseResult(
    ResidentId? Id,
    string Normalized,
    string? Legacy15,
    bool WasNormalized,
    IReadOnlyList<Issue> Issues)
{
    /// <summary>True when the ID is usable as a person key.</summary>
    public bool IsValid => Id is not null;

    /// <summary>True when a 15-digit legacy ID was upgraded to 18 characters.</summary>
    public bool WasUpgraded => Legacy15 is not null;

    /// <summary>The errors only.</summary>
    public IEnumerable<Issue> Errors => Issues.Where(i => i.Severity == Severity.Error);
}

/// <summary>
/// Reads resident IDs from department text (GB 11643-1999), in this order:
/// <list type="number">
/// <item>Spreadsheet damage is recognised and reported, never repaired: scientific notation (<c>6.30102E+17</c>),
/// trailing digits zeroed by 15-significant-digit tools.</item>
/// <item>Normalization (case 03): whitespace anywhere is removed (U+0020, TAB, U+00A0, U+3000, U+200B and the other
/// Unicode spaces and zero-width characters); full-width digits U+FF10–U+FF19 map to ASCII; <c>x</c>, <c>Ｘ</c>,
/// <c>ｘ</c> map to <c>X</c> (case 02). Any other non-ASCII digit (Arabic-Indic, Devanagari …) is rejected on purpose.</item>
/// <item>ASCII-only format check: 18 = 17 digits + [0-9X]; 15 = 15 digits (upgraded, case 10).</item>
/// <item>Check character compared as a character (never numerically), embedded birth date checked against the
/// calendar and the processing date (case 09), province must exist, an unknown 6-digit region is only a warning.</item>
/// </list>
/// </summary>
public static class ResidentIdParser
{
    /// <summary>
    /// Parses one ID value.
    /// </summary>
    /// <param name="raw">The cell text as read from the file (may be null or empty).</param>
    /// <param name="processingDate">The run's date; embedded birth dates after it are errors (case 09: not hard-coded).</param>
    /// <param name="regions">Region-code history for the province/region checks; defaults to the shipped GB/T 2260 history.</param>
    public static ResidentIdParseResult Parse(string? raw, DateOnly processingDate, RegionCodeHistory? regions = null)
    {
        regions ??= RegionCodeHistory.Default;
        if (string.IsNullOrWhiteSpace(raw))
            return Fail(raw ?? "", false, Issue.Error(IssueCodes.IdMissing, "the resident ID is empty"));

        var normalized = Normalize(raw, out var badChar);
        var wasNormalized = !string.Equals(normalized, raw, StringComparison.Ordinal);
        if (badChar is { } bad)
            return Fail(normalized, wasNormalized, Issue.Error(IssueCodes.IdBadCharacter,
                $"the resident ID holds the character U+{(int)bad:X4} ({CharName(bad)}); only ASCII digits 0-9 and X are allowed"));

        if (LooksScientific(normalized))
            return Fail(normalized, wasNormalized, Issue.Error(IssueCodes.IdScientificNotation,
                "the resident ID was written in scientific notation by a spreadsheet; its last digits are lost and cannot be recovered — ask the department to re-export the column as text"));

        var legacy = (string?)null;
        var candidate = normalized;
        if (normalized.Length == 15 && IsAsciiDigits(normalized))
        {
            legacy = normalized;
            if (!TryDate("19" + normalized.Substring(6, 6), out _))
                return Fail(normalized, wasNormalized, Issue.Error(IssueCodes.IdBirthDateInvalid,
                    $"the 15-digit resident ID embeds the birth date 19{normalized.Substring(6, 2)}-{normalized.Substring(8, 2)}-{normalized.Substring(10, 2)}, which does not exist"));
            candidate = ResidentId.Upgrade15(normalized);
        }
        else if (normalized.Length != 18)
        {
            return Fail(normalized, wasNormalized, Issue.Error(IssueCodes.IdBadLength,
                $"the resident ID has {normalized.Length} characters; it must have 18 (or 15 for a legacy ID)"));
        }

        if (!IsAsciiDigits(candidate.AsSpan(0, 17)) || !(IsAsciiDigit(candidate[17]) || candidate[17] == 'X'))
            return Fail(normalized, wasNormalized, Issue.Error(IssueCodes.IdBadCharacter,
                "the resident ID must be 17 digits followed by a digit or X"));

        var issues = new List<Issue>(2);
        var expected = ResidentId.ComputeCheckCharacter(candidate.AsSpan(0, 17));
        if (expected != candidate[17])
        {
            if (candidate.EndsWith("000", StringComparison.Ordinal))
                return Fail(normalized, wasNormalized, Issue.Error(IssueCodes.IdPrecisionLost,
                    $"the resident ID ends in 000 and fails its check (expected {expected}); a spreadsheet that keeps 15 significant digits zeroed its last digits — they cannot be recovered"));
            var message = $"check character mismatch: expected {expected}, found {candidate[17]}";
            var misUpgraded = IsMisUpgrade(candidate);
            issues.Add(Issue.Error(IssueCodes.IdCheckMismatch, misUpgraded
                ? message + "; it equals a 15-digit ID upgraded with the check computed over the 15-digit body (a known faulty upgrade)"
                : message));
            if (misUpgraded)
                issues.Add(Issue.Warning(IssueCodes.IdMisUpgraded, "possibly a mis-upgraded legacy ID; not merged automatically"));
        }

        if (!TryDate(candidate.Substring(6, 8), out var birth))
            issues.Add(Issue.Error(IssueCodes.IdBirthDateInvalid,
                $"the embedded birth date {candidate.Substring(6, 4)}-{candidate.Substring(10, 2)}-{candidate.Substring(12, 2)} does not exist"));
        else if (birth > processingDate)
            issues.Add(Issue.Error(IssueCodes.IdBirthDateFuture,
                $"the embedded birth date {birth:yyyy-MM-dd} is after the processing date {processingDate:yyyy-MM-dd}"));

        if (!regions.ProvinceExists(candidate.AsSpan(0, 2)))
            issues.Add(Issue.Error(IssueCodes.IdProvinceUnknown,
                $"the province code {candidate[..2]} does not exist (GB/T 2260)"));
        else if (!regions.EverExisted(candidate.AsSpan(0, 6)))
            issues.Add(Issue.Warning(IssueCodes.IdRegionUnknown,
                $"the region code {candidate[..6]} is in no GB/T 2260 list from 1980 to today"));

        // An upgrade is not a finding on its own: the legacy form is returned in Legacy15 and kept as an alias.
        var valid = !issues.Any(i => i.Severity == Severity.Error);
        return new ResidentIdParseResult(valid ? ResidentId.Trusted(candidate) : null, normalized, legacy, wasNormalized, issues);
    }

    /// <summary>
    /// Normalizes ID text: removes whitespace and zero-width characters, maps full-width digits and X, upper-cases x.
    /// </summary>
    /// <param name="raw">The text.</param>
    /// <param name="badChar">The first character that is a digit in Unicode but not an accepted form (e.g. U+0663), else null.</param>
    public static string Normalize(string raw, out char? badChar)
    {
        badChar = null;
        // Fast path: already canonical ASCII.
        var clean = true;
        foreach (var c in raw)
        {
            if (!(IsAsciiDigit(c) || c == 'X')) { clean = false; break; }
        }
        if (clean) return raw;

        var buffer = new System.Text.StringBuilder(raw.Length);
        foreach (var c in raw)
        {
            if (IsAsciiDigit(c) || c == 'X' || c is '.' or '+' or '-' or 'E' or 'e') { buffer.Append(c == 'e' ? 'E' : c); continue; }
            if (c == 'x' || c == '\uFF38' || c == '\uFF58') { buffer.Append('X'); continue; }
            if (c is >= '\uFF10' and <= '\uFF19') { buffer.Append((char)('0' + (c - '\uFF10'))); continue; }
            if (IsRemovableSpace(c)) continue;
            if (char.IsDigit(c)) { badChar ??= c; buffer.Append(c); continue; }
            buffer.Append(c);
        }
        return buffer.ToString();
    }

    private static bool IsRemovableSpace(char c) =>
        char.IsWhiteSpace(c) || c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF';

    private static bool LooksScientific(string s)
    {
        var e = s.IndexOf('E');
        if (e <= 0) return false;
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
    }

    /// <summary>True when the 18-character value equals a 15-digit ID upgraded with the check computed over the 15-digit body.</summary>
    private static bool IsMisUpgrade(string id18)
    {
        if (id18[6] != '1' || id18[7] != '9') return false;
        var legacy = string.Concat(id18.AsSpan(0, 6), id18.AsSpan(8, 9));
        var sum = 0;
        for (var i = 0; i < 15; i++) sum += (legacy[i] - '0') * MisWeights[i];
        return "10X98765432"[sum % 11] == id18[17];
    }

    private static readonly int[] MisWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8];

    private static bool TryDate(string yyyymmdd, out DateOnly date) =>
        DateOnly.TryParseExact(yyyymmdd, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static bool IsAsciiDigit(char c) => c is >= '0' and <= '9';

    private static bool IsAsciiDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s) if (!IsAsciiDigit(c)) return false;
        return true;
    }

    private static string CharName(char c) => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.DecimalDigitNumber
        ? "a non-ASCII digit" : "not allowed in an ID";

    private static ResidentIdParseResult Fail(string normalized, bool wasNormalized, Issue issue) =>
        new(null, normalized, null, wasNormalized, [issue]);
}
