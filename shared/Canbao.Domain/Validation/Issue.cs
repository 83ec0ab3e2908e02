namespace Canbao.Domain.Validation;

/// <summary>How serious a finding is: an error rejects the row; a warning holds it (accepted, needs review).</summary>
public enum Severity
{
    /// <summary>The row is held: accepted with a finding someone should review.</summary>
    Warning,
    /// <summary>The row is rejected.</summary>
    Error,
}

/// <summary>
/// One finding about one value: a stable machine code (e.g. <c>ID_CHECK_MISMATCH</c>), its severity and a
/// human message that never contains a resident ID, name or phone number unmasked.
/// </summary>
/// <param name="Code">Stable upper-snake-case code; listed in <see cref="IssueCodes"/>.</param>
/// <param name="Severity">Error (reject) or warning (hold).</param>
/// <param name="Message">Why, in words an operator understands.</param>
public sealed record Issue(string Code, Severity Severity, string Message)
{
    /// <summary>An error finding.</summary>
    public static Issue Error(string code, string message) => new(code, Severity.Error, message);
    /// <summary>A warning finding.</summary>
    public static Issue Warning(string code, string message) => new(code, Severity.Warning, message);
}
