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

    /// <summary>A required field is empty (or only whitespace).</summary>
    public const string RequiredMissing = "REQUIRED_MISSING";

    // Cross-field checks against the resident ID (the ID's values are never overwritten; the row is held).
    /// <summary>The 性别 column disagrees with the sex the ID's sequence encodes (odd = male).</summary>
    public const string SexMismatch = "SEX_MISMATCH";
    /// <summary>The 出生日期 column disagrees with the birth date the ID embeds (case 09 item 5; separate from ID invalidity).</summary>
    public const string BirthDateMismatch = "BIRTH_DATE_MISMATCH";

    // Unified social credit code (GB 32100-2015): never rejects a row (case 12).
    /// <summary>The code's check character does not match (real pre-2016 codes fail; stored verbatim, not a join key).</summary>
    public const string UsccCheckMismatch = "USCC_CHECK_MISMATCH";
    /// <summary>The code is not 18 characters of the GB 32100 alphabet (no I, O, Z, S, V); stored verbatim, never corrected.</summary>
    public const string UsccInvalidFormat = "USCC_INVALID_FORMAT";
    /// <summary>The credit-code column holds a valid resident ID: a probable column mix-up; the value is not stored as a code.</summary>
    public const string UsccIsResidentId = "USCC_IS_RESIDENT_ID";

    // Names.
    /// <summary>The name holds U+FFFD, the mark of text decoded with the wrong encoding (mojibake): rejected.</summary>
    public const string NameMojibake = "NAME_MOJIBAKE";
    /// <summary>The name holds a control character or a broken surrogate pair: rejected.</summary>
    public const string NameBadCharacter = "NAME_BAD_CHARACTER";
    /// <summary>The name holds a private-use character (a font- or vendor-specific rare character): kept, held for review.</summary>
    public const string NamePrivateUse = "NAME_PRIVATE_USE";
    /// <summary>Two sources spell the same name differently (separator, spacing, width) but the comparison keys agree.</summary>
    public const string NameSpellingDiffers = "NAME_SPELLING_DIFFERS";

    // Other fields.
    /// <summary>A date in none of the accepted forms, or a day that does not exist.</summary>
    public const string DateInvalid = "DATE_INVALID";
    /// <summary>A date after the processing date (extracts report facts that have happened).</summary>
    public const string DateInFuture = "DATE_IN_FUTURE";
    /// <summary>A date given as a spreadsheet serial number in a text cell: read in the 1900 system, to be checked.</summary>
    public const string DateSerialNumber = "DATE_SERIAL_NUMBER";
    /// <summary>The sex value is none of 1/2/0/9, 男/女, M/F.</summary>
    public const string SexInvalid = "SEX_INVALID";
    /// <summary>Not a mobile (11 digits, 1[3-9]…) or landline (area code + 7–8 digits) number.</summary>
    public const string PhoneInvalid = "PHONE_INVALID";
    /// <summary>A region code that is not 6 ASCII digits, or whose province does not exist.</summary>
    public const string RegionCodeInvalid = "REGION_CODE_INVALID";
    /// <summary>A 6-digit region code found in no GB/T 2260 list of any year.</summary>
    public const string RegionCodeUnknown = "REGION_CODE_UNKNOWN";
    /// <summary>A township/street code that is not 9 ASCII digits (or 12 ending in 000).</summary>
    public const string TownshipCodeInvalid = "TOWNSHIP_CODE_INVALID";
    /// <summary>A 9-digit township/street code not in the current list.</summary>
    public const string TownshipCodeUnknown = "TOWNSHIP_CODE_UNKNOWN";
    /// <summary>An insurance type that is none of the five types' codes or names.</summary>
    public const string InsuranceTypeUnknown = "INSURANCE_TYPE_UNKNOWN";
    /// <summary>An enrollment status that is none of 参保缴费 / 暂停缴费 / 终止参保 (or their codes).</summary>
    public const string EnrollmentStatusUnknown = "ENROLLMENT_STATUS_UNKNOWN";
}
