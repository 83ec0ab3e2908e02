using System.Globalization;

namespace Canbao.Synthetic;

/// <summary>
/// The noise injected into department rows, by code (the <c>fault</c> column of truth/rows.csv). At most one fault per
/// row. Each fault has a rate per ELIGIBLE row (e.g. <c>id_lowercase_x</c> only applies to IDs ending in X,
/// <c>id_numeric_cell</c> only to XLSX files): every row draws one uniform number and each fault owns a fixed interval of
/// that draw, so a fault's rate among its eligible rows is exactly the configured one. <c>garbage</c> rows (totals,
/// test rows, repeated headers) are drawn separately, per person row.
/// </summary>
public static class Faults
{
    /// <summary>A digit of the ID replaced by another (check character no longer matches).</summary>
    public const string IdTypo = "id_typo";
    /// <summary>Two adjacent, different digits of the ID swapped.</summary>
    public const string IdTransposition = "id_transposition";
    /// <summary>The 15-digit legacy form of the ID (persons born before 2000).</summary>
    public const string IdLegacy15 = "id_legacy15";
    /// <summary>The ID as a spreadsheet shows a number in scientific notation, e.g. 6.30102E+17.</summary>
    public const string IdScientific = "id_scientific";
    /// <summary>The ID with its last three digits zeroed (15 significant digits kept).</summary>
    public const string IdPrecisionLost = "id_precision_lost";
    /// <summary>The ID cell stored as a number in XLSX (XLSX files only; IDs without X).</summary>
    public const string IdNumericCell = "id_numeric_cell";
    /// <summary>The check character X written as a lowercase x (IDs ending in X only).</summary>
    public const string IdLowercaseX = "id_lowercase_x";
    /// <summary>The ID written in full-width digits (０-９, Ｘ).</summary>
    public const string Fullwidth = "fullwidth";
    /// <summary>The middle dot of a dotted name written as another dot-like character (dotted names only).</summary>
    public const string NameDotVariant = "name_dot_variant";
    /// <summary>Stray spaces (ASCII or U+3000) in or around the name.</summary>
    public const string NameSpaces = "name_spaces";
    /// <summary>The row is a second copy of the row before it.</summary>
    public const string DuplicateRow = "duplicate_row";
    /// <summary>One non-ID field left empty.</summary>
    public const string MissingField = "missing_field";
    /// <summary>The birth date column disagrees with the date embedded in the ID.</summary>
    public const string BirthDateMismatch = "birth_date_mismatch";
    /// <summary>The household registry shows the previous residence (address and township) instead of the current one.</summary>
    public const string StaleAddress = "stale_address";
    /// <summary>A row that belongs to nobody (total line, test row, repeated header).</summary>
    public const string Garbage = "garbage";

    /// <summary>Every fault code, in the fixed order their draw intervals are laid out.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        IdTypo, IdTransposition, IdLegacy15, IdScientific, IdPrecisionLost, IdNumericCell, IdLowercaseX, Fullwidth,
        NameDotVariant, NameSpaces, DuplicateRow, MissingField, BirthDateMismatch, StaleAddress, Garbage,
    ];

    /// <summary>Default rates per eligible row.</summary>
    public static IReadOnlyDictionary<string, double> DefaultRates { get; } = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        [IdTypo] = 0.003, [IdTransposition] = 0.002, [IdLegacy15] = 0.005, [IdScientific] = 0.001, [IdPrecisionLost] = 0.001,
        [IdNumericCell] = 0.003, [IdLowercaseX] = 0.1, [Fullwidth] = 0.002, [NameDotVariant] = 0.25, [NameSpaces] = 0.003,
        [DuplicateRow] = 0.003, [MissingField] = 0.003, [BirthDateMismatch] = 0.002, [StaleAddress] = 0.01, [Garbage] = 0.0005,
    };

    /// <summary>
    /// Parses rate overrides <c>code=rate[,code=rate…]</c> over the defaults; <c>none</c> sets every rate to 0.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown code, a rate outside [0, 1], or the rates of the per-row faults (all but garbage) summing above 1.</exception>
    public static IReadOnlyDictionary<string, double> ParseRates(IEnumerable<string> overrides)
    {
        var rates = new Dictionary<string, double>(DefaultRates, StringComparer.Ordinal);
        foreach (var spec in overrides.SelectMany(o => o.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (spec == "none")
            {
                foreach (var k in All) rates[k] = 0;
                continue;
            }
            var eq = spec.IndexOf('=');
            var code = eq < 0 ? spec : spec[..eq];
            if (!rates.ContainsKey(code))
                throw new ArgumentException($"--fault {spec}: unknown fault '{code}'; known: {string.Join(", ", All)}, none");
            if (eq < 0 || !double.TryParse(spec[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || rate is < 0 or > 1)
                throw new ArgumentException($"--fault {spec}: expected {code}=RATE with RATE between 0 and 1");
            rates[code] = rate;
        }
        var sum = All.Where(f => f != Garbage).Sum(f => rates[f]);
        if (sum > 1) throw new ArgumentException($"the per-row fault rates sum to {sum.ToString(CultureInfo.InvariantCulture)}; at most 1 (one fault per row)");
        return rates;
    }
}
