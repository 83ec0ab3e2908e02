using System.Globalization;

namespace Canbao.Domain.Identifiers;

/// <summary>
/// A citizen resident ID number (公民身份号码) in its canonical 18-character form, GB 11643-1999:
/// region code (6 digits, GB/T 2260, the code in force when the ID was issued), birth date (8 digits, yyyyMMdd),
/// sequence (3 digits, odd = male, even = female) and a check character (ISO 7064 MOD 11-2; <c>X</c> stands for 10).
/// Only ever holds a valid, canonical value: ASCII digits and an upper-case <c>X</c>.
/// </summary>
public readonly record struct ResidentId
{
    /// <summary>Weights of the 17 body digits for the MOD 11-2 check (GB 11643-1999 §7.2: 2^(18-i) mod 11).</summary>
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>Check characters indexed by (Σ digit×weight) mod 11 (GB 11643-1999 §7.3).</summary>
    private const string CheckChars = "10X98765432";

    private ResidentId(string value) => Value = value;

    /// <summary>The canonical 18-character value (ASCII digits, upper-case X as the check character).</summary>
    public string Value { get; }

    /// <summary>The 6-digit region code of issue (GB/T 2260), e.g. "630102".</summary>
    public string RegionCode => Value[..6];

    /// <summary>The 2-digit province code, e.g. "63".</summary>
    public string ProvinceCode => Value[..2];

    /// <summary>The embedded birth date.</summary>
    public DateOnly BirthDate => DateOnly.ParseExact(Value.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>Sex from the sequence's parity (GB 11643-1999 §6.4: odd = male, even = female).</summary>
    public Sex Sex => (Value[16] - '0') % 2 == 1 ? Sex.Male : Sex.Female;

    /// <summary>
    /// Computes the check character over a 17-digit body. Returns the character itself (never a number),
    /// so <c>'X'</c> and <c>'0'</c> can never compare equal (case 02).
    /// </summary>
    /// <param name="body17">Exactly 17 ASCII digits.</param>
    /// <exception cref="ArgumentException">The body is not 17 ASCII digits.</exception>
    public static char ComputeCheckCharacter(ReadOnlySpan<char> body17)
    {
        if (body17.Length != 17) throw new ArgumentException("A resident ID body has 17 digits.", nameof(body17));
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var c = body17[i];
            if (c is < '0' or > '9') throw new ArgumentException("A resident ID body has ASCII digits only.", nameof(body17));
            sum += (c - '0') * Weights[i];
        }
        return CheckChars[sum % 11];
    }

    /// <summary>
    /// Upgrades a 15-digit legacy ID (region 6, yyMMdd, sequence 3) to 18 characters: inserts the century "19"
    /// after the region code and computes the check over the resulting 17 digits (GB 11643-1999 annex; case 10).
    /// </summary>
    /// <param name="legacy15">Exactly 15 ASCII digits.</param>
    /// <returns>The upgraded 18-character string (not validated: the embedded date may still be impossible).</returns>
    public static string Upgrade15(ReadOnlySpan<char> legacy15)
    {
        if (legacy15.Length != 15) throw new ArgumentException("A legacy resident ID has 15 digits.", nameof(legacy15));
        Span<char> body = stackalloc char[17];
        legacy15[..6].CopyTo(body);
        body[6] = '1';
        body[7] = '9';
        legacy15[6..].CopyTo(body[8..]);
        return string.Concat(body, [ComputeCheckCharacter(body)]);
    }

    /// <summary>
    /// Creates a resident ID from an already canonical 18-character value; for values known to be valid
    /// (stored keys, generated IDs). Use <see cref="ResidentIdParser"/> for anything that came from a file.
    /// </summary>
    /// <exception cref="FormatException">The value is not a valid canonical resident ID (format, check, or date).</exception>
    public static ResidentId FromCanonical(string value)
    {
        var parsed = ResidentIdParser.Parse(value, DateOnly.MaxValue);
        if (!parsed.IsValid || parsed.WasNormalized || parsed.WasUpgraded)
            throw new FormatException($"Not a canonical resident ID ({parsed.Errors.FirstOrDefault()?.Code ?? "not canonical"}).");
        return parsed.Id!.Value;
    }

    internal static ResidentId Trusted(string canonical) => new(canonical);

    /// <summary>A masked form for logs and lists: region and last character only, e.g. "630102************7".</summary>
    public string Masked => Mask(Value);

    /// <summary>Masks any ID-like text for logs: keeps the first 6 and the last character.</summary>
    public static string Mask(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        if (text.Length <= 7) return new string('*', text.Length);
        return string.Concat(text.AsSpan(0, 6), new string('*', text.Length - 7), text.AsSpan(text.Length - 1));
    }

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>Sex as the data standard records it (GB/T 2261.1: 1 = male, 2 = female).</summary>
public enum Sex
{
    /// <summary>Not known or not stated (GB/T 2261.1 code 0/9).</summary>
    Unknown = 0,
    /// <summary>Male (code 1).</summary>
    Male = 1,
    /// <summary>Female (code 2).</summary>
    Female = 2,
}
