namespace Canbao.Ingestion;

/// <summary>Codes of row-level findings the readers add (the domain validator's codes are in <c>Canbao.Domain.Validation.IssueCodes</c>).</summary>
public static class ReaderIssueCodes
{
    /// <summary>Error: the row has fewer fields than the header has named columns (case 07).</summary>
    public const string RowTooShort = "ROW_TOO_SHORT";
    /// <summary>Warning: a column with no header name holds data; the value is quoted in the message (case 07).</summary>
    public const string UnnamedColumnData = "UNNAMED_COLUMN_DATA";
    /// <summary>Warning: a U+FEFF (byte-order mark) inside a field, not at the start of the file — concatenated files? Removed (case 05).</summary>
    public const string BomInData = "BOM_IN_DATA";
    /// <summary>Error: a fixed-width field boundary falls inside a multi-byte character, or its bytes do not decode (case 15).</summary>
    public const string FieldEncoding = "FIELD_ENCODING";
    /// <summary>Error: a fixed-width record has the wrong length in bytes (case 15); it is not re-aligned.</summary>
    public const string RecordLength = "RECORD_LENGTH";
    /// <summary>Error: an XLSX cell of a text field holds a spreadsheet error value or an unreadable type.</summary>
    public const string CellUnreadable = "CELL_UNREADABLE";
}
