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
/// <item>Normalization (case 03): whitespace anywhere is removed (U+0020, TAB, U+00A0, U+3000 and the other Unicode
/// spaces, line breaks, and the zero-width U+200B–U+200D, U+2060, U+FEFF); full-width digits U+FF10–U+FF19 map to ASCII;
/// <c>x</c>, <c>Ｘ</c>, <c>ｘ</c> map to <c>X</c> (case 02); a leading apostrophe (Excel's text prefix) and an
/// <c>="…"</c> wrapper (CSV exports that keep a column as text) are dropped. Any other non-ASCII digit (Arabic-Indic, Devanagari …) is
/// rejected on purpose, as is any other character.</item>
/// <item>Spreadsheet damage is recognised and reported, never repaired: scientific notation (<c>6.30102E+17</c>),
/// trailing digits zeroed by 15-significant-digit tools (an 18-digit value ending in 000 that fails its check), and a
/// workbook cell stored as a number (<see cref="Parse(string?, DateOnly, RegionCodeHistory?, bool)"/>).</item>
/// <item>ASCII-only format check: 18 = 17 digits + [0-9X]; 15 = 15 digits (upgraded, case 10).</item>
/// <item>Check character compared as a character (never numerically), embedded birth date checked against the
/// calendar and the processing date (case 09), province must exist, an unknown 6-digit region is only a warning.</item>
/// </list>
/// The per-row path allocates only the result (and the issues when there are any); messages never contain the ID.
/// </summary>
public static class ResidentIdParser
{
    /// <summary>Parses one ID value from a text cell.</summary>
    /// <param name="raw">The cell text as read from the file (may be null or empty).</param>
    /// <param name="processingDate">The run's date; embedded birth dates after it are errors (case 09: not hard-coded).</param>
    /// <param name="regions">Region-code history for the province/region checks; defaults to the shipped GB/T 2260 history.</param>
    public static ResidentIdParseResult Parse(string? raw, DateOnly processingDate, RegionCodeHistory? regions = null) =>
        Parse(raw, processingDate, regions, wasNumericCell: false);

    /// <summary>Parses one ID value, knowing whether the workbook stored the cell as a number.</summary>
    /// <param name="raw">The cell text (for a numeric cell: the number as the reader rendered it, invariant culture).</param>
    /// <param name="processingDate">The run's date.</param>
    /// <param name="regions">Region-code history; defaults to the shipped history.</param>
    /// <param name="wasNumericCell">True when the XLSX cell was numeric. A number keeps at most 15 significant digits and
    /// cannot hold <c>X</c>, so an 18-character ID from a numeric cell is rejected with <see cref="IssueCodes.IdNumericCell"/>
    /// whatever its digits say (never repaired); a 15-digit legacy ID fits exactly and is read with a warning.</param>
    public static ResidentIdParseResult Parse(string? raw, DateOnly processingDate, RegionCodeHistory? regions, bool wasNumericCell)
    {
        regions ??= RegionCodeHistory.Default;
        if (raw is { Length: 18 } && !wasNumericCell && IsCanonicalShape(raw))
            return Check(raw, raw, null, false, processingDate, regions, null); // fast path: already 17 ASCII digits + [0-9X]
        if (raw is null || IsBlank(raw))
            return Fail(raw ?? "", false, Issue.Error(IssueCodes.IdMissing, "the resident ID is empty"));

        var normalized = Normalize(raw, out var badChar);
        var wasNormalized = !ReferenceEquals(normalized, raw) && !string.Equals(normalized, raw, StringComparison.Ordinal);
        if (badChar is { } bad)
            return Fail(normalized, wasNormalized, Issue.Error(IssueCodes.IdBadCharacter,
                $"the resident ID holds the character U+{(int)bad:X4} ({CharName(bad)}); only ASCII digits 0-9 and X are allowed"));

        if (wasNumericCell && !(normalized.Length == 15 && IsAsciiDigits(normalized)))
            return Fail(normalized, wasNormalized, Issue.Error(IssueCodes.IdNumericCell,
                "the resident ID cell is stored as a number in the workbook; a number keeps at most 15 significant digits and cannot hold X, so the ID cannot be trusted and is not repaired — ask the department to format the column as text"));

        if (LooksScientific(normalized))
            return Fail(normalized, wasNormalized, Issue.Error(IssueCodes.IdScientificNotation,
                "the resident ID was written in scientific notation by a spreadsheet; its last digits are lost and cannot be recovered — ask the department to re-export the column as text"));

        for (var i = 0; i < normalized.Length; i++)
        {
            var c = normalized[i];
            if (!IsAsciiDigit(c) && c != 'X')
                return Fail(normalized, wasNormalized, Issue.Error(IssueCodes.IdBadCharacter,
                    $"the resident ID holds '{Printable(c)}' at position {i + 1}; only ASCII digits 0-9 and a final X are allowed"));
        }

        string? legacy = null;
        var candidate = normalized;
        if (normalized.Length == 15 && IsAsciiDigits(normalized))
        {
            legacy = normalized;
            if (!IsBirthDate(1900 + Num(normalized.AsSpan(6, 2)), Num(normalized.AsSpan(8, 2)), Num(normalized.AsSpan(10, 2))))
                return Fail(normalized, wasNormalized, Issue.Error(IssueCodes.IdBirthDateInvalid,
                    $"the 15-digit resident ID embeds the birth date 19{normalized.AsSpan(6, 2)}-{normalized.AsSpan(8, 2)}-{normalized.AsSpan(10, 2)}, which does not exist"));
            candidate = ResidentId.Upgrade15(normalized);
        }
        else if (normalized.Length != 18)
        {
            return Fail(normalized, wasNormalized, Issue.Error(IssueCodes.IdBadLength,
                $"the resident ID has {normalized.Length} characters; it must have 18 (or 15 for a legacy ID)"));
        }

        if (!IsAsciiDigits(candidate.AsSpan(0, 17)))
            return Fail(normalized, wasNormalized, Issue.Error(IssueCodes.IdBadCharacter,
                "the resident ID must be 17 digits followed by a digit or X"));

        List<Issue>? numericWarning = null;
        if (wasNumericCell)
            (numericWarning = new List<Issue>(2)).Add(Issue.Warning(IssueCodes.IdNumericCell,
                "the 15-digit resident ID was stored as a number in the workbook; 15 digits survive a number, but check the column is formatted as text"));
        return Check(candidate, normalized, legacy, wasNormalized, processingDate, regions, numericWarning);
    }

    /// <summary>Check character, embedded birth date and region of an 18-character candidate (17 ASCII digits + [0-9X]).</summary>
    private static ResidentIdParseResult Check(string candidate, string normalized, string? legacy, bool wasNormalized,
        DateOnly processingDate, RegionCodeHistory regions, List<Issue>? issues)
    {
        var expected = ResidentId.ComputeCheckCharacter(candidate.AsSpan(0, 17));
        if (expected != candidate[17])
        {
            if (candidate.EndsWith("000", StringComparison.Ordinal))
                return Fail(normalized, wasNormalized, Issue.Error(IssueCodes.IdPrecisionLost,
                    $"the resident ID ends in 000 and fails its check (expected {expected}); a spreadsheet that keeps 15 significant digits zeroed its last digits — they cannot be recovered"));
            var message = $"check character mismatch: expected {expected}, found {candidate[17]}";
            var misUpgraded = IsMisUpgrade(candidate);
            issues ??= new List<Issue>(2);
            issues.Add(Issue.Error(IssueCodes.IdCheckMismatch, misUpgraded
                ? message + "; it equals a 15-digit ID upgraded with the check computed over the 15-digit body (a known faulty upgrade)"
                : message));
            if (misUpgraded)
                issues.Add(Issue.Warning(IssueCodes.IdMisUpgraded, "possibly a mis-upgraded legacy ID; not merged automatically"));
        }

        int y = Num(candidate.AsSpan(6, 4)), m = Num(candidate.AsSpan(10, 2)), d = Num(candidate.AsSpan(12, 2));
        if (!IsBirthDate(y, m, d))
            (issues ??= new List<Issue>(1)).Add(Issue.Error(IssueCodes.IdBirthDateInvalid, y < MinBirthYear && IsCalendarDate(y, m, d)
                ? $"the embedded birth date {candidate.AsSpan(6, 4)}-{candidate.AsSpan(10, 2)}-{candidate.AsSpan(12, 2)} is before {MinBirthYear}, not a living person's"
                : $"the embedded birth date {candidate.AsSpan(6, 4)}-{candidate.AsSpan(10, 2)}-{candidate.AsSpan(12, 2)} does not exist"));
        else if (y * 10000 + m * 100 + d > Yyyymmdd(processingDate))
            (issues ??= new List<Issue>(1)).Add(Issue.Error(IssueCodes.IdBirthDateFuture,
                $"the embedded birth date {y:D4}-{m:D2}-{d:D2} is after the processing date {processingDate:yyyy-MM-dd}"));

        // A code found in any list implies its province, so the common path costs one lookup.
        if (!regions.EverExisted(candidate.AsSpan(0, 6)))
        {
            (issues ??= new List<Issue>(1)).Add(regions.ProvinceExists(candidate.AsSpan(0, 2))
                ? Issue.Warning(IssueCodes.IdRegionUnknown, $"the region code {candidate.AsSpan(0, 6)} is in no GB/T 2260 list from 1980 to today")
                : Issue.Error(IssueCodes.IdProvinceUnknown, $"the province code {candidate.AsSpan(0, 2)} does not exist (GB/T 2260)"));
        }

        // An upgrade is not a finding on its own: the legacy form is returned in Legacy15 and kept as an alias.
        var valid = true;
        if (issues is not null)
            foreach (var issue in issues)
                if (issue.Severity == Severity.Error) { valid = false; break; }
        return new ResidentIdParseResult(valid ? ResidentId.Trusted(candidate) : null, normalized, legacy, wasNormalized,
            issues is null ? Array.Empty<Issue>() : issues); // not `[]`: typed as the List branch, it made a new list per ID
    }

    /// <summary>Earliest embedded birth year accepted (older dates are typing errors, not living people).</summary>
    public const int MinBirthYear = 1880;

    /// <summary>
    /// Normalizes ID text: removes whitespace and zero-width characters, maps full-width digits and X, upper-cases x
    /// (and e, so scientific notation is recognised). Returns the same instance when the text is already clean.
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

        var buffer = raw.Length <= 128 ? stackalloc char[raw.Length] : new char[raw.Length];
        var n = 0;
        foreach (var ch in raw)
        {
            // Full-width ASCII forms (digits, Ｘ, Ｅ, ．, ＋) fold to ASCII first.
            var c = ch is >= '\uFF01' and <= '\uFF5E' ? (char)(ch - 0xFEE0) : ch;
            if (IsAsciiDigit(c) || c == 'X') { buffer[n++] = c; continue; }
            if (c == 'x') { buffer[n++] = 'X'; continue; }
            if (c == 'e') { buffer[n++] = 'E'; continue; }
            if (IsRemovableSpace(c)) continue;
            if (char.IsDigit(c)) badChar ??= c;
            buffer[n++] = c;
        }
        ReadOnlySpan<char> text = buffer[..n];
        // Text markers spreadsheets and their users put around digits, with the digits intact: a leading apostrophe
        // ('320102…, Excel's text prefix) and the ="320102…" formula that CSV exports use to keep a column as text.
        if (text.Length > 1 && text[0] is '\'' or '\u2018' or '\u2019') text = text[1..];
        else if (text.Length > 3 && text[0] == '=' && text[1] == '"' && text[^1] == '"') text = text[2..^1];
        return new string(text);
    }

    private static bool IsCanonicalShape(string s)
    {
        for (var i = 0; i < 17; i++) if (!IsAsciiDigit(s[i])) return false;
        return IsAsciiDigit(s[17]) || s[17] == 'X';
    }

    private static bool IsBlank(string s)
    {
        foreach (var c in s) if (!IsRemovableSpace(c)) return false;
        return true;
    }

    private static bool IsRemovableSpace(char c) =>
        c == ' ' || char.IsWhiteSpace(c) || c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF';

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
        Span<char> legacy = stackalloc char[15];
        id18.AsSpan(0, 6).CopyTo(legacy);
        id18.AsSpan(8, 9).CopyTo(legacy[6..]);
        var sum = 0;
        for (var i = 0; i < 15; i++) sum += (legacy[i] - '0') * MisWeights[i];
        return "10X98765432"[sum % 11] == id18[17];
    }

    private static readonly int[] MisWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8];

    private static bool IsCalendarDate(int y, int m, int d) =>
        y is >= 1 and <= 9999 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m);

    private static bool IsBirthDate(int y, int m, int d) => y >= MinBirthYear && IsCalendarDate(y, m, d);

    private static int Yyyymmdd(DateOnly date)
    {
        var (year, month, day) = date;
        return year * 10000 + month * 100 + day;
    }

    private static int Num(ReadOnlySpan<char> s)
    {
        var n = 0;
        foreach (var c in s) n = n * 10 + (c - '0');
        return n;
    }

    private static bool IsAsciiDigit(char c) => (uint)(c - '0') <= 9;

    private static bool IsAsciiDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s) if (!IsAsciiDigit(c)) return false;
        return true;
    }

    private static string Printable(char c) => c < ' ' || c > '~' ? $"U+{(int)c:X4}" : c.ToString();

    private static string CharName(char c) => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.DecimalDigitNumber
        ? "a non-ASCII digit" : "not allowed in an ID";

    private static ResidentIdParseResult Fail(string normalized, bool wasNormalized, Issue issue) =>
        new(null, normalized, null, wasNormalized, [issue]);
}
