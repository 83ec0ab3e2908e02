using System.Globalization;
using Canbao.Domain.Identifiers;
using Canbao.Domain.Matching;
using Canbao.Domain.Normalization;

namespace Canbao.Comparison;

/// <summary>Reads the fields matching needs from a row's normalized values, tolerant of the forms departments write.</summary>
internal static class RowFields
{
    /// <summary>Sex from 1/男/M/male or 2/女/F/female (GB/T 2261.1); unknown otherwise.</summary>
    public static Sex Sex(string text) => text.Trim() switch
    {
        "1" or "男" or "M" or "m" or "male" or "Male" => Domain.Identifiers.Sex.Male,
        "2" or "女" or "F" or "f" or "female" or "Female" => Domain.Identifiers.Sex.Female,
        _ => Domain.Identifiers.Sex.Unknown,
    };

    /// <summary>A date in any form <see cref="DateReader"/> reads; null when empty or unreadable.</summary>
    public static DateOnly? Date(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var r = DateReader.Read(text);
        return r.Value is { } v && DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
    }

    /// <summary>The birth date embedded in an unusable 18-character ID text (positions 7–14), when it is a real date.</summary>
    public static DateOnly? DateInId(string normalizedId)
    {
        if (normalizedId.Length < 14) return null;
        return DateOnly.TryParseExact(normalizedId.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
    }

    /// <summary>The region code a damaged ID text still shows: its first six digits (also from <c>6.30102E+17</c>); empty when fewer.</summary>
    public static string RegionInId(string normalizedId)
    {
        Span<char> buf = stackalloc char[6];
        var n = 0;
        foreach (var c in normalizedId)
        {
            if (c == 'E') break;
            if (c is >= '0' and <= '9') { buf[n++] = c; if (n == 6) return new string(buf); }
        }
        return "";
    }

    /// <summary>The folded address used for matching: household-registration address, else residence address.</summary>
    public static string Address(SourceRow row)
    {
        var a = MatchKeys.Address(row.Get("hukou_address"));
        return a.Length > 0 ? a : MatchKeys.Address(row.Get("residence_address"));
    }
}
