using Canbao.Domain.Identifiers;
using Canbao.Domain.Validation;

namespace Canbao.Domain.Normalization;

/// <summary>
/// Reads administrative codes: 6-digit GB/T 2260 region codes and 9-digit township/street codes. Whitespace is removed
/// and full-width digits folded; only ASCII digits count.
/// </summary>
public static class CodeReader
{
    /// <summary>
    /// Reads a region code (行政区划代码). A province that never existed is an error; a 6-digit code in no list of any
    /// year is a warning (never a rejection); retired codes are valid.
    /// </summary>
    public static CellReading ReadRegion(string raw, RegionCodeHistory regions)
    {
        var code = Digits(raw);
        if (code is null || code.Length != 6)
            return CellReading.Fail(IssueCodes.RegionCodeInvalid, "a region code has 6 digits (GB/T 2260)");
        if (!regions.ProvinceExists(code.AsSpan(0, 2)))
            return CellReading.Fail(IssueCodes.RegionCodeInvalid, $"the province code {code[..2]} does not exist (GB/T 2260)");
        return regions.EverExisted(code)
            ? CellReading.Ok(code)
            : CellReading.Warn(code, IssueCodes.RegionCodeUnknown, $"the region code {code} is in no GB/T 2260 list from 1980 to today");
    }

    /// <summary>
    /// Reads a township/street code (乡镇/街道代码): 9 digits, or the 12-digit statistical division code of a township
    /// (ending in 000), which is shortened to 9. A code not in the current list is a warning.
    /// </summary>
    public static CellReading ReadTownship(string raw, TownshipCodes townships)
    {
        var code = Digits(raw);
        if (code is { Length: 12 } && code.EndsWith("000", StringComparison.Ordinal)) code = code[..9];
        if (code is null || code.Length != 9)
            return CellReading.Fail(IssueCodes.TownshipCodeInvalid, "a township/street code has 9 digits (county code + 3)");
        return townships.Contains(code)
            ? CellReading.Ok(code)
            : CellReading.Warn(code, IssueCodes.TownshipCodeUnknown, $"the township/street code {code} is not in the current list");
    }

    /// <summary>The ASCII digits of the value (whitespace removed, full-width folded), or null when anything else is in it.</summary>
    private static string? Digits(string raw)
    {
        var clean = raw.Length > 0;
        foreach (var c in raw) if (!CharFold.IsAsciiDigit(c)) { clean = false; break; }
        if (clean) return raw;
        Span<char> buffer = stackalloc char[Math.Min(raw.Length, 32)];
        var n = 0;
        foreach (var ch in raw)
        {
            if (CharFold.IsSpaceOrZeroWidth(ch)) continue;
            var c = CharFold.ToHalfWidth(ch);
            if (!CharFold.IsAsciiDigit(c) || n == buffer.Length) return null;
            buffer[n++] = c;
        }
        return n == 0 ? null : new string(buffer[..n]);
    }
}
