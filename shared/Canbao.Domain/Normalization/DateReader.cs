using Canbao.Domain.Validation;

namespace Canbao.Domain.Normalization;

/// <summary>How a spreadsheet counts its date serial numbers.</summary>
public enum SpreadsheetDateSystem
{
    /// <summary>The 1900 system (Excel default): serial 1 = 1900-01-01, with Lotus 1-2-3's phantom 1900-02-29 at serial 60.</summary>
    Excel1900,
    /// <summary>The 1904 system (old Mac workbooks, <c>workbookPr date1904="1"</c>): serial 0 = 1904-01-01.</summary>
    Excel1904,
}

/// <summary>
/// Reads dates in the forms departments write and normalizes them to <c>yyyy-MM-dd</c>:
/// <c>yyyyMMdd</c>, <c>yyyy-M-d</c>, <c>yyyy/M/d</c>, <c>yyyy.M.d</c>, <c>yyyy年M月d日</c> (month and day with or
/// without a leading zero; full-width digits and separators folded; a trailing time part such as
/// <c> 00:00:00</c> ignored), and spreadsheet serial numbers (up to 7 digits, optional fraction = time of day).
/// Days are checked against the calendar (no Feb 30, Feb 29 only in leap years); years 1800–2199.
/// Ambiguous day-first or month-first forms (<c>12/06/1975</c>) are not accepted.
/// </summary>
public static class DateReader
{
    /// <summary>Earliest year accepted.</summary>
    public const int MinYear = 1800;
    /// <summary>Latest year accepted.</summary>
    public const int MaxYear = 2199;

    private const string Forms = "accepted forms: yyyyMMdd, yyyy-MM-dd, yyyy/M/d, yyyy.M.d, yyyy年M月d日, spreadsheet serial number";

    /// <summary>
    /// Reads one date cell.
    /// </summary>
    /// <param name="raw">The cell text.</param>
    /// <param name="system">The workbook's date system, used for serial numbers.</param>
    /// <param name="isSpreadsheetCell">True when the reader says the cell was a numeric or date cell of a workbook: a serial
    /// number is then read silently; in a text cell (CSV) a serial number is read in <paramref name="system"/> with a
    /// <see cref="IssueCodes.DateSerialNumber"/> warning, because nothing in a text file says which system made it.</param>
    /// <returns>The value as <c>yyyy-MM-dd</c>, or a <see cref="IssueCodes.DateInvalid"/> error.</returns>
    public static CellReading Read(string raw, SpreadsheetDateSystem system = SpreadsheetDateSystem.Excel1900, bool isSpreadsheetCell = false)
    {
        // Fast path: already yyyy-MM-dd.
        if (raw.Length == 10 && raw[4] == '-' && raw[7] == '-' && AllDigits(raw.AsSpan(0, 4)) && AllDigits(raw.AsSpan(5, 2)) && AllDigits(raw.AsSpan(8, 2)))
        {
            var y = Num(raw.AsSpan(0, 4)); var m = Num(raw.AsSpan(5, 2)); var d = Num(raw.AsSpan(8, 2));
            return Valid(y, m, d) ? CellReading.Ok(raw) : NoSuchDay(y, m, d);
        }

        var trimmed = CharFold.TrimAll(raw.AsSpan());
        if (trimmed.Length == 0 || trimmed.Length > 40)
            return CellReading.Fail(IssueCodes.DateInvalid, $"not a date ({Forms})");
        Span<char> buf = stackalloc char[trimmed.Length];
        for (var i = 0; i < trimmed.Length; i++) buf[i] = CharFold.ToHalfWidth(trimmed[i]);
        ReadOnlySpan<char> s = buf;
        var cut = s.IndexOfAny(' ', 'T');
        if (cut > 0)
        {
            if (!IsTimeOfDay(s[(cut + 1)..])) return CellReading.Fail(IssueCodes.DateInvalid, $"not a date ({Forms})");
            s = s[..cut];
        }

        if (s.Length == 8 && AllDigits(s))
            return Make(Num(s[..4]), Num(s.Slice(4, 2)), Num(s.Slice(6, 2)));

        if (IsSerial(s, out var serial))
            return FromSerial(serial, system, isSpreadsheetCell);

        // yyyy SEP M SEP d, or yyyy年M月d日.
        if (s.Length >= 8 && AllDigits(s[..4]))
        {
            var sep = s[4];
            var rest = s[5..];
            if (sep is '-' or '/' or '.')
            {
                var second = rest.IndexOf(sep);
                if (second is 1 or 2 && rest.Length - second - 1 is 1 or 2 && AllDigits(rest[..second]) && AllDigits(rest[(second + 1)..]))
                    return Make(Num(s[..4]), Num(rest[..second]), Num(rest[(second + 1)..]));
            }
            else if (sep == '年')
            {
                var month = rest.IndexOf('月');
                var day = rest.EndsWith("日") ? rest[..^1] : rest;
                if (month is 1 or 2 && AllDigits(rest[..month]) && day.Length - month - 1 is 1 or 2 && AllDigits(day[(month + 1)..]))
                    return Make(Num(s[..4]), Num(rest[..month]), Num(day[(month + 1)..]));
            }
        }
        return CellReading.Fail(IssueCodes.DateInvalid, $"not a date in a known form ({Forms})");
    }

    /// <summary>
    /// Converts a spreadsheet serial number (whole days; a fraction is the time of day and is dropped) to a date.
    /// 1900 system: serials 1–59 count from 1900-01-01; serial 60 is the nonexistent 1900-02-29 that Lotus 1-2-3 invented
    /// and Excel keeps, so it is refused; from 61 on, day = 1899-12-30 + serial. 1904 system: day = 1904-01-01 + serial.
    /// </summary>
    /// <returns>False when the serial is out of range (or 60 in the 1900 system).</returns>
    public static bool TryFromSerial(double serial, SpreadsheetDateSystem system, out DateOnly date)
    {
        date = default;
        if (double.IsNaN(serial) || serial < 0 || serial >= 2958466) return false;
        var days = (int)Math.Floor(serial);
        if (system == SpreadsheetDateSystem.Excel1904)
        {
            if (days > 2957003) return false; // 9999-12-31
            date = new DateOnly(1904, 1, 1).AddDays(days);
            return true;
        }
        if (days < 1 || days == 60) return false;
        date = days < 60 ? new DateOnly(1899, 12, 31).AddDays(days) : new DateOnly(1899, 12, 30).AddDays(days);
        return true;
    }

    private static CellReading FromSerial(double serial, SpreadsheetDateSystem system, bool isSpreadsheetCell)
    {
        if (!TryFromSerial(serial, system, out var date))
        {
            var why = system == SpreadsheetDateSystem.Excel1900 && Math.Floor(serial) == 60
                ? "serial 60 is 1900-02-29, a day that does not exist (the Lotus 1-2-3 leap-year bug spreadsheets keep)"
                : $"the spreadsheet serial number {serial.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not a day in the {SystemName(system)} date system";
            return CellReading.Fail(IssueCodes.DateInvalid, why);
        }
        if (date.Year is < MinYear or > MaxYear)
            return CellReading.Fail(IssueCodes.DateInvalid, $"the year {date.Year} is outside {MinYear}–{MaxYear}");
        var text = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return isSpreadsheetCell
            ? CellReading.Ok(text)
            : CellReading.Warn(text, IssueCodes.DateSerialNumber,
                $"a spreadsheet serial number in a text cell, read as {text} in the {SystemName(system)} date system; check the department's export");
    }

    private static string SystemName(SpreadsheetDateSystem s) => s == SpreadsheetDateSystem.Excel1900 ? "1900" : "1904";

    private static bool IsSerial(ReadOnlySpan<char> s, out double serial)
    {
        serial = 0;
        var dot = s.IndexOf('.');
        var whole = dot < 0 ? s : s[..dot];
        if (whole.Length is 0 or > 7 || !AllDigits(whole)) return false;
        if (dot >= 0 && (dot == s.Length - 1 || !AllDigits(s[(dot + 1)..]))) return false;
        return double.TryParse(s, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out serial);
    }

    private static bool IsTimeOfDay(ReadOnlySpan<char> t)
    {
        t = t.Trim();
        if (t.Length is < 3 or > 15) return false;
        var colons = 0;
        foreach (var c in t)
        {
            if (c == ':') colons++;
            else if (!(CharFold.IsAsciiDigit(c) || c == '.')) return false;
        }
        return colons is 1 or 2;
    }

    private static CellReading Make(int y, int m, int d)
    {
        if (!Valid(y, m, d)) return NoSuchDay(y, m, d);
        return CellReading.Ok(Format(y, m, d));
    }

    /// <summary>Formats a valid date as yyyy-MM-dd without culture lookups.</summary>
    internal static string Format(int y, int m, int d) => string.Create(10, (y, m, d), static (span, v) =>
    {
        span[0] = (char)('0' + v.y / 1000); span[1] = (char)('0' + v.y / 100 % 10); span[2] = (char)('0' + v.y / 10 % 10); span[3] = (char)('0' + v.y % 10);
        span[4] = '-'; span[5] = (char)('0' + v.m / 10); span[6] = (char)('0' + v.m % 10);
        span[7] = '-'; span[8] = (char)('0' + v.d / 10); span[9] = (char)('0' + v.d % 10);
    });

    private static CellReading NoSuchDay(int y, int m, int d) =>
        y is < MinYear or > MaxYear
            ? CellReading.Fail(IssueCodes.DateInvalid, $"the year {y} is outside {MinYear}–{MaxYear}")
            : CellReading.Fail(IssueCodes.DateInvalid, $"the date {y:D4}-{m:D2}-{d:D2} does not exist");

    /// <summary>True when the year is within range and the day exists in the Gregorian calendar.</summary>
    internal static bool Valid(int y, int m, int d) =>
        y is >= MinYear and <= MaxYear && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m);

    internal static bool AllDigits(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return false;
        foreach (var c in s) if (!CharFold.IsAsciiDigit(c)) return false;
        return true;
    }

    internal static int Num(ReadOnlySpan<char> s)
    {
        var n = 0;
        foreach (var c in s) n = n * 10 + (c - '0');
        return n;
    }
}
