namespace Canbao.Domain.Validation;

/// <summary>
/// What the reader knows about how a cell was stored, passed per cell to
/// <see cref="RecordValidator.Validate(long, IReadOnlyList{string?}, ReadOnlySpan{CellHint})"/>. Text files (CSV,
/// fixed-width) have only <see cref="Text"/> cells; an XLSX reader says which cells were numbers or dates.
/// </summary>
public enum CellHint : byte
{
    /// <summary>A text cell (every cell of a CSV or fixed-width file; an XLSX shared or inline string). The default.</summary>
    Text = 0,
    /// <summary>An XLSX numeric cell without a date format; the value is the number rendered in invariant culture
    /// (e.g. <c>3.20102198601154E+17</c> or <c>320102680415123</c>). A resident ID from such a cell is never trusted
    /// beyond 15 digits (<see cref="IssueCodes.IdNumericCell"/>).</summary>
    Number = 1,
    /// <summary>An XLSX numeric cell with a date format; the value is either the serial number (read in the workbook's date
    /// system, <see cref="ValidationContext.DateSystem"/>) or a date the reader already formatted as <c>yyyy-MM-dd</c>.</summary>
    Date = 2,
}
