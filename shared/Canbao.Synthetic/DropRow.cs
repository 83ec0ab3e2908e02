namespace Canbao.Synthetic;

/// <summary>The file format of one drop.</summary>
public enum DropFormat
{
    /// <summary>CSV, UTF-8 without BOM, LF line ends.</summary>
    Utf8,
    /// <summary>CSV, UTF-8 with BOM, CRLF line ends.</summary>
    Utf8Bom,
    /// <summary>CSV, GB18030, CRLF line ends.</summary>
    Gb18030,
    /// <summary>XLSX, one sheet, ID cells as text (except injected numeric-cell noise).</summary>
    Xlsx,
    /// <summary>Fixed-width GB18030 text with the feed's byte layout, CRLF line ends, no header.</summary>
    FixedWidth,
}

/// <summary>How one drop writes its values: format, date form, sex form, insurance-type form.</summary>
/// <param name="Format">File format.</param>
/// <param name="DateFormat">.NET date format: yyyyMMdd, yyyy-MM-dd, yyyy/M/d or yyyy年M月d日.</param>
/// <param name="SexAsCode">Sex as 1/2 (GB/T 2261.1) instead of 男/女.</param>
/// <param name="InsuranceAsCode">Insurance type as its code (110 …) instead of its Chinese name.</param>
public sealed record FileStyle(DropFormat Format, string DateFormat, bool SexAsCode, bool InsuranceAsCode)
{
    /// <summary>The file extension: csv, xlsx or txt.</summary>
    public string Extension => Format switch { DropFormat.Xlsx => "xlsx", DropFormat.FixedWidth => "txt", _ => "csv" };
}

/// <summary>One data row of a drop with its truth.</summary>
public sealed class DropRow
{
    /// <summary>Cell values in the order of the feed's fields (null or empty = empty cell).</summary>
    public required string?[] Values { get; init; }
    /// <summary>Write the ID cell as a number (XLSX numeric-cell damage).</summary>
    public bool NumericId { get; set; }
    /// <summary>The true person's canonical ID; empty for garbage and employer rows.</summary>
    public string TrueId { get; init; } = "";
    /// <summary>Injected fault code, or empty.</summary>
    public string Fault { get; set; } = "";
    /// <summary>accepted, held or rejected: what the validator should decide for this row.</summary>
    public string Expected { get; set; } = "accepted";
}
