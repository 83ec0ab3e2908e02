namespace Canbao.Ingestion;

/// <summary>The physical format of a drop.</summary>
public enum DropFormat
{
    /// <summary>Delimited text (comma, tab or pipe), RFC 4180 quoting.</summary>
    Csv,
    /// <summary>Office Open XML workbook; the first sheet is read.</summary>
    Xlsx,
    /// <summary>Fixed-width text, offsets in bytes of the file's encoding (<see cref="Canbao.Domain.Standard.FixedWidthLayout"/>).</summary>
    FixedWidth,
}
