using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Canbao.Comparison;

/// <summary>
/// A row's fields as two arrays: the keys, shared by every row with the same columns (a layout, interned so the field
/// keys the code names match by reference), and the row's values. A read-only dictionary of a dozen fields without a
/// hash table per row: a round reads millions of rows back from its spill (<see cref="RowSpill"/>), and a dictionary each
/// cost a third of that stage's allocations. Lookups scan the keys (reference first, then ordinal).
/// </summary>
public sealed class FieldMap : IReadOnlyDictionary<string, string>
{
    private readonly string[] _keys;
    private readonly string[] _values;

    /// <summary>Wraps <paramref name="keys"/> (shared, never changed) and <paramref name="values"/> (same length).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public FieldMap(string[] keys, string[] values)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(values);
        if (keys.Length != values.Length) throw new ArgumentException($"{keys.Length} keys but {values.Length} values", nameof(values));
        (_keys, _values) = (keys, values);
    }

    private int IndexOf(string key)
    {
        for (var i = 0; i < _keys.Length; i++) if (ReferenceEquals(_keys[i], key)) return i;
        for (var i = 0; i < _keys.Length; i++) if (string.Equals(_keys[i], key, StringComparison.Ordinal)) return i;
        return -1;
    }

    /// <inheritdoc />
    public int Count => _keys.Length;

    /// <inheritdoc />
    public IEnumerable<string> Keys => _keys;

    /// <inheritdoc />
    public IEnumerable<string> Values => _values;

    /// <inheritdoc />
    /// <exception cref="KeyNotFoundException">No such field.</exception>
    public string this[string key] => IndexOf(key) is var i and >= 0 ? _values[i] : throw new KeyNotFoundException($"no field '{key}'");

    /// <inheritdoc />
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? _values[i] : null;
        return i >= 0;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        for (var i = 0; i < _keys.Length; i++) yield return new(_keys[i], _values[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
