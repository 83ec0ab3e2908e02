using Canbao.Domain.Validation;

namespace Canbao.Domain.Normalization;

/// <summary>
/// The result of reading one cell of a field: the normalized value (null when the value is unusable) and at most one
/// finding about it. A finding with a value is a warning (the value is kept, the row is held); an error comes with no value.
/// </summary>
/// <param name="Value">Normalized value, or null when unusable.</param>
/// <param name="Issue">The finding, or null when the value is clean.</param>
public readonly record struct CellReading(string? Value, Issue? Issue)
{
    /// <summary>A clean value.</summary>
    public static CellReading Ok(string value) => new(value, null);

    /// <summary>A value kept with a warning.</summary>
    public static CellReading Warn(string value, string code, string message) => new(value, Issue.Warning(code, message));

    /// <summary>An unusable value.</summary>
    public static CellReading Fail(string code, string message) => new(null, Issue.Error(code, message));
}
