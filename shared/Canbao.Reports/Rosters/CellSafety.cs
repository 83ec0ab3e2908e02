namespace Canbao.Reports.Rosters;

/// <summary>
/// Spreadsheet formula-injection neutralisation (CSV injection, OWASP "CSV Injection"): a cell whose text starts with
/// <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, TAB or CR is written with a leading apostrophe so Excel, WPS and LibreOffice show it
/// as text instead of running it; reading a roster back removes that one apostrophe again.
/// </summary>
public static class CellSafety
{
    private static readonly char[] Triggers = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>True when <paramref name="text"/> would be taken as a formula by a spreadsheet.</summary>
    public static bool IsFormulaLike(string? text) => !string.IsNullOrEmpty(text) && Array.IndexOf(Triggers, text[0]) >= 0;

    /// <summary>The text to write into a cell: prefixed with <c>'</c> when formula-like, else unchanged (null → "").</summary>
    public static string Neutralise(string? text) => IsFormulaLike(text) ? "'" + text : text ?? "";

    /// <summary>Undoes <see cref="Neutralise"/>: strips one leading <c>'</c> when a formula trigger follows it.</summary>
    public static string Restore(string? text) =>
        text is { Length: > 1 } && text[0] == '\'' && IsFormulaLike(text[1..]) ? text[1..] : text ?? "";
}
