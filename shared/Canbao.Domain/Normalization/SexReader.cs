using Canbao.Domain.Validation;

namespace Canbao.Domain.Normalization;

/// <summary>
/// Reads a sex value and normalizes it to the GB/T 2261.1 code: <c>1</c> male, <c>2</c> female, <c>0</c> not known,
/// <c>9</c> not stated. Accepted forms: the codes (ASCII or full-width digits), 男/女 (also 男性/女性), M/F and
/// male/female (any case), 未知 (0), 未说明 (9).
/// </summary>
public static class SexReader
{
    /// <summary>GB/T 2261.1 code for male.</summary>
    public const string Male = "1";
    /// <summary>GB/T 2261.1 code for female.</summary>
    public const string Female = "2";
    /// <summary>GB/T 2261.1 code for "not known".</summary>
    public const string NotKnown = "0";
    /// <summary>GB/T 2261.1 code for "not stated".</summary>
    public const string NotStated = "9";

    /// <summary>Reads one sex cell.</summary>
    /// <returns>The code, or a <see cref="IssueCodes.SexInvalid"/> error.</returns>
    public static CellReading Read(string raw)
    {
        var code = Code(CharFold.TrimAll(raw.AsSpan()));
        return code is null
            ? CellReading.Fail(IssueCodes.SexInvalid, "not a sex value (accepted: 1/男/M = male, 2/女/F = female, 0 = not known, 9 = not stated)")
            : CellReading.Ok(code);
    }

    private static string? Code(ReadOnlySpan<char> s)
    {
        if (s.Length == 1)
        {
            return CharFold.ToHalfWidth(s[0]) switch
            {
                '1' or '男' or 'M' or 'm' => Male,
                '2' or '女' or 'F' or 'f' => Female,
                '0' => NotKnown,
                '9' => NotStated,
                _ => null,
            };
        }
        if (s.SequenceEqual("男性")) return Male;
        if (s.SequenceEqual("女性")) return Female;
        if (s.SequenceEqual("未知") || s.SequenceEqual("未知的性别")) return NotKnown;
        if (s.SequenceEqual("未说明") || s.SequenceEqual("未说明的性别")) return NotStated;
        if (s.Equals("male", StringComparison.OrdinalIgnoreCase)) return Male;
        if (s.Equals("female", StringComparison.OrdinalIgnoreCase)) return Female;
        return null;
    }
}
