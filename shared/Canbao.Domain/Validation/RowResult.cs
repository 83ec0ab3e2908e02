namespace Canbao.Domain.Validation;

/// <summary>Where a row ended: every row in a drop ends in exactly one of these (rows in = accepted + held + rejected).</summary>
public enum RowOutcome
{
    /// <summary>Valid; normalized record produced.</summary>
    Accepted,
    /// <summary>Accepted with warnings; the record is produced and needs review.</summary>
    Held,
    /// <summary>Not usable; no record produced; the reasons say why.</summary>
    Rejected,
}

/// <summary>A finding tied to a column of a row.</summary>
/// <param name="Column">The column as the file names it (its header), or the 1-based column number for unnamed columns.</param>
/// <param name="Issue">The finding.</param>
public sealed record FieldIssue(string Column, Issue Issue);

/// <summary>
/// The validation of one data row of a drop.
/// </summary>
/// <param name="Row">Data row number, counting from 1 (the header is not a row).</param>
/// <param name="Outcome">Accepted, held or rejected.</param>
/// <param name="Issues">Every finding, with its column.</param>
/// <param name="Record">Normalized fields by standard key (canonical resident ID under <c>resident_id</c>); empty when rejected.
/// Extra audit keys: <c>resident_id_raw</c> (the raw cell when it differed), <c>resident_id_legacy15</c> (alias when upgraded).
/// Built by <see cref="RecordValidator"/> as one array per row aligned with the feed's fields (keys without a value are absent).</param>
public sealed record RowResult(long Row, RowOutcome Outcome, IReadOnlyList<FieldIssue> Issues, IReadOnlyDictionary<string, string> Record);
