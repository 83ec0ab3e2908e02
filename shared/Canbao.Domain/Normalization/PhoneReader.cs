using Canbao.Domain.Validation;

namespace Canbao.Domain.Normalization;

/// <summary>
/// Reads a phone number (联系电话) and normalizes it:
/// <list type="bullet">
/// <item>mobile: 11 digits <c>1[3-9]xxxxxxxxx</c> (MIIT numbering plan), written as 11 digits;</item>
/// <item>landline: area code (<c>010</c>, <c>02x</c>, or <c>0xxx</c>) and a 7–8 digit local number starting 2–9,
/// written as <c>area-local</c>, e.g. <c>0971-8123456</c>.</item>
/// </list>
/// Spaces, hyphens, parentheses and a leading <c>+86</c> / <c>0086</c> are dropped; full-width digits are folded.
/// Any other character (letters, other Unicode digits, a second number, an extension) makes the value invalid.
/// An invalid number is a warning, never a rejection: the trimmed original is kept for review.
/// The value itself never appears in a message.
/// </summary>
public static class PhoneReader
{
    /// <summary>Reads one phone cell.</summary>
    /// <returns>The normalized number, or the trimmed original with a <see cref="IssueCodes.PhoneInvalid"/> warning.</returns>
    public static CellReading Read(string raw)
    {
        // Fast path: an 11-digit mobile already clean.
        if (raw.Length == 11 && IsMobile(raw)) return CellReading.Ok(raw);

        var trimmed = CharFold.TrimAll(raw);
        Span<char> digits = stackalloc char[24];
        var n = 0;
        var areaBreak = -1;
        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = CharFold.ToHalfWidth(trimmed[i]);
            if (CharFold.IsAsciiDigit(c))
            {
                if (n == digits.Length) return Bad(trimmed, "it has too many digits");
                digits[n++] = c;
            }
            else if (c == '+' && n == 0 && i == 0) { }
            else if (c is '-' or ' ' or '(' or ')' or '\u2010' or '\u2013' || CharFold.IsSpaceOrZeroWidth(c))
            {
                if (areaBreak < 0 && n > 0) areaBreak = n;
            }
            else return Bad(trimmed, $"it holds the character U+{(int)c:X4}");
        }
        ReadOnlySpan<char> d = digits[..n];
        if (d.StartsWith("0086")) { d = d[4..]; areaBreak -= 4; }
        else if (d.Length == 13 && d.StartsWith("86") && d[2] == '1') { d = d[2..]; areaBreak = -1; }
        else if (trimmed.StartsWith('+') && d.StartsWith("86")) { d = d[2..]; areaBreak -= 2; }
        if (d.Length == 11 && IsMobile(d)) return CellReading.Ok(d.SequenceEqual(trimmed) ? trimmed : new string(d));
        if (d.Length > 0 && d[0] == '0')
        {
            // Area codes: 010 and 02x have 3 digits, every other one 4 (GB/T 1.1 numbering of the national plan).
            var area = areaBreak is 3 or 4 ? areaBreak : d.Length > 2 && (d[1] == '1' || d[1] == '2') ? 3 : 4;
            if (area == 3 && !(d[1] is '1' or '2')) return Bad(trimmed, "its area code is not valid");
            var local = d.Length - area;
            if (local is 7 or 8 && d[area] is >= '2' and <= '9')
                return CellReading.Ok(string.Concat(d[..area], "-", d[area..]));
            return Bad(trimmed, "a landline needs an area code and a 7–8 digit local number");
        }
        return Bad(trimmed, "it is neither a mobile number (11 digits, 13–19…) nor a landline with area code");
    }

    private static bool IsMobile(ReadOnlySpan<char> s)
    {
        if (s.Length != 11 || s[0] != '1' || s[1] is < '3' or > '9') return false;
        foreach (var c in s) if (!CharFold.IsAsciiDigit(c)) return false;
        return true;
    }

    private static CellReading Bad(string trimmed, string why) =>
        CellReading.Warn(trimmed, IssueCodes.PhoneInvalid, $"not a valid phone number: {why}; kept as written for review");
}
