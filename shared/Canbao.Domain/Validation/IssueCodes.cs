namespace Canbao.Domain.Validation;

/// <summary>The stable codes of findings. Add here, never rename: reports and tests key on them.</summary>
public static class IssueCodes
{
    /// <summary>The ID field is empty.</summary>
    public const string IdMissing = "ID_MISSING";
    /// <summary>The ID holds characters other than ASCII digits / X after normalization (e.g. Arabic-Indic digits).</summary>
    public const string IdBadCharacter = "ID_BAD_CHARACTER";
    /// <summary>The ID has a length other than 18 or 15.</summary>
    public const string IdBadLength = "ID_BAD_LENGTH";
    /// <summary>The check character does not match the body (GB 11643-1999 MOD 11-2).</summary>
    public const string IdCheckMismatch = "ID_CHECK_MISMATCH";
    /// <summary>The embedded birth date does not exist in the calendar.</summary>
    public const string IdBirthDateInvalid = "ID_BIRTH_DATE_INVALID";
    /// <summary>The embedded birth date lies after the processing date.</summary>
    public const string IdBirthDateFuture = "ID_BIRTH_DATE_FUTURE";
    /// <summary>The 2-digit province code does not exist (GB/T 2260).</summary>
    public const string IdProvinceUnknown = "ID_PROVINCE_UNKNOWN";
    /// <summary>The 6-digit region code appears in no GB/T 2260 list of any year (warning only).</summary>
    public const string IdRegionUnknown = "ID_REGION_UNKNOWN";
    /// <summary>The ID was written in scientific notation by a spreadsheet (e.g. 6.30102E+17): digits lost.</summary>
    public const string IdScientificNotation = "ID_SCIENTIFIC_NOTATION";
    /// <summary>The ID's trailing digits were zeroed by a tool that keeps 15 significant digits.</summary>
    public const string IdPrecisionLost = "ID_PRECISION_LOST";
    /// <summary>The ID cell was stored as a number in XLSX (the value may have lost digits).</summary>
    public const string IdNumericCell = "ID_NUMERIC_CELL";
    /// <summary>A 15-digit legacy ID was upgraded to 18 characters (informational, kept as alias).</summary>
    public const string IdUpgraded = "ID_UPGRADED";
    /// <summary>The value equals a mis-upgraded legacy ID (check computed over the 15-digit body).</summary>
    public const string IdMisUpgraded = "ID_MIS_UPGRADED";
}
