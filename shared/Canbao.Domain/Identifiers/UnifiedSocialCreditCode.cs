using Canbao.Domain.Normalization;
using Canbao.Domain.Validation;

namespace Canbao.Domain.Identifiers;

/// <summary>
/// The unified social credit code of an organisation (统一社会信用代码), GB 32100-2015: 18 characters — registration
/// authority (1), organisation category (1), region code (6), organisation code (9, GB 11714) and a check character.
/// The alphabet is the 31 characters <c>0123456789ABCDEFGHJKLMNPQRTUWXY</c> (no I, O, Z, S, V); the check character is
/// <c>alphabet[(31 − Σ value×weight mod 31) mod 31]</c> with weights 3^i mod 31 =
/// 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 (case 12; the mod-31 edge gives check <c>0</c>).
/// <para>Policy (case 12): a failing code is a warning, never a rejection — real codes issued before 2016 fail the check —
/// and it is stored verbatim (upper-cased), never "corrected". A valid 18-character resident ID in this column is
/// flagged as a column mix-up and not stored as a code.</para>
/// </summary>
public static class UnifiedSocialCreditCode
{
    /// <summary>The GB 32100-2015 code alphabet, in value order (value = index).</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>The value of a code character (its index in <see cref="Alphabet"/>), or -1 when it is not in the alphabet.</summary>
    public static int ValueOf(char c) => c < 128 ? Values[c] : -1;

    /// <summary>Character value by ASCII code, -1 outside the alphabet.</summary>
    private static readonly sbyte[] Values = BuildValues();

    private static sbyte[] BuildValues()
    {
        var values = new sbyte[128];
        Array.Fill(values, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++) values[Alphabet[i]] = (sbyte)i;
        return values;
    }

    /// <summary>Computes the check character over a 17-character body.</summary>
    /// <param name="body17">17 characters of the alphabet (upper case).</param>
    /// <exception cref="ArgumentException">The body is not 17 alphabet characters.</exception>
    public static char ComputeCheckCharacter(ReadOnlySpan<char> body17)
    {
        if (body17.Length != 17) throw new ArgumentException("A unified social credit code body has 17 characters.", nameof(body17));
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var v = ValueOf(body17[i]);
            if (v < 0) throw new ArgumentException($"'{body17[i]}' is not in the GB 32100 alphabet.", nameof(body17));
            sum += v * Weights[i];
        }
        return Alphabet[(31 - sum % 31) % 31];
    }

    /// <summary>True when the text (already upper case, no spaces) is 18 alphabet characters with a matching check character.</summary>
    public static bool IsValid(ReadOnlySpan<char> code)
    {
        if (code.Length != 18) return false;
        foreach (var c in code) if (ValueOf(c) < 0) return false;
        return ComputeCheckCharacter(code[..17]) == code[17];
    }

    /// <summary>
    /// Reads a credit-code cell: removes whitespace and zero-width characters, folds full-width forms, upper-cases;
    /// then checks format and check character.
    /// </summary>
    /// <param name="raw">The cell text.</param>
    /// <param name="processingDate">Run date, used only to recognise a resident ID in the column.</param>
    /// <param name="regions">Region history, used only to recognise a resident ID in the column.</param>
    /// <returns>The normalized code; with <see cref="IssueCodes.UsccInvalidFormat"/> or <see cref="IssueCodes.UsccCheckMismatch"/>
    /// warnings (value kept), or <see cref="IssueCodes.UsccIsResidentId"/> (warning, no value: a resident ID is not stored here).</returns>
    public static CellReading Read(string raw, DateOnly processingDate, RegionCodeHistory regions)
    {
        string code;
        if (raw.Length == 18 && IsUpperAlnum(raw)) code = raw;
        else
        {
            Span<char> buffer = stackalloc char[Math.Min(raw.Length, 64)];
            var n = 0;
            foreach (var ch in raw)
            {
                if (CharFold.IsSpaceOrZeroWidth(ch)) continue;
                var c = CharFold.ToHalfWidth(ch);
                if (c is >= 'a' and <= 'z') c = (char)(c - 32);
                if (n == buffer.Length) break;
                buffer[n++] = c;
            }
            code = buffer[..n].SequenceEqual(raw) ? raw : new string(buffer[..n]);
        }

        // A check character that does not match already makes the ID unusable; most digit-only credit codes stop there
        // without a parse (and its findings) per row.
        if (code.Length == 18 && IsResidentIdShape(code) && ResidentId.ComputeCheckCharacter(code.AsSpan(0, 17)) == code[17]
            && ResidentIdParser.Parse(code, processingDate, regions).IsValid)
            return new CellReading(null, Issue.Warning(IssueCodes.UsccIsResidentId,
                "the credit-code column holds a valid resident ID, probably a column mix-up; not stored as an employer code"));

        if (code.Length != 18)
            return CellReading.Warn(code, IssueCodes.UsccInvalidFormat,
                $"a unified social credit code has 18 characters, this one has {code.Length}; stored as written");
        var sum = 0;
        for (var i = 0; i < 18; i++)
        {
            var v = ValueOf(code[i]);
            if (v < 0)
                return CellReading.Warn(code, IssueCodes.UsccInvalidFormat,
                    $"character '{Printable(code[i])}' at position {i + 1} is not in the GB 32100 alphabet (digits and letters except I, O, Z, S, V); stored as written, not corrected");
            if (i < 17) sum += v * Weights[i];
        }
        var expected = Alphabet[(31 - sum % 31) % 31];
        return expected == code[17]
            ? CellReading.Ok(code)
            : CellReading.Warn(code, IssueCodes.UsccCheckMismatch,
                $"check character mismatch: expected {expected}, found {code[17]}; stored verbatim (codes issued before 2016 may not conform), not used as a join key");
    }

    private static string Printable(char c) => c < ' ' || c > '~' ? $"U+{(int)c:X4}" : c.ToString();

    private static bool IsUpperAlnum(string s)
    {
        foreach (var c in s) if (!(c is >= '0' and <= '9' or >= 'A' and <= 'Z')) return false;
        return true;
    }

    private static bool IsResidentIdShape(string s)
    {
        for (var i = 0; i < 17; i++) if (!CharFold.IsAsciiDigit(s[i])) return false;
        return CharFold.IsAsciiDigit(s[17]) || s[17] == 'X';
    }
}
