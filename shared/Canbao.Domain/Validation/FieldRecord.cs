using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Canbao.Domain.Validation;

/// <summary>
/// A row's normalized record: the values of one row aligned with a key list shared across rows (the validator's per
/// file, a round's spill per layout), exposed as a read-only dictionary of the keys that have a value (a null value is
/// a field not stored). One array per row instead of a hash table per row: a round holds millions of rows.
/// Enumeration order is the key list's order (for the validator: the feed's field order, then the audit keys).
/// </summary>
public sealed class FieldRecord : IReadOnlyDictionary<string, string>
{
    /// <summary>An empty record (rejected rows).</summary>
    public static readonly FieldRecord Empty = new([], []);

    private readonly string[] _keys;
    private readonly string?[] _values;

    /// <summary>A record over a shared key list; the arrays are kept, not copied (neither may change afterwards).</summary>
    /// <param name="keys">Field keys (standard keys), shared by the rows of one layout.</param>
    /// <param name="values">One value per key, null where the row stores none.</param>
    /// <exception cref="ArgumentException">The arrays differ in length.</exception>
    public FieldRecord(string[] keys, string?[] values)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(values);
        if (keys.Length != values.Length) throw new ArgumentException($"{keys.Length} keys but {values.Length} values", nameof(values));
        _keys = keys;
        _values = values;
    }

    /// <summary>Every key of the layout, stored or not, in order (aligned with <see cref="Slots"/>).</summary>
    public ReadOnlySpan<string> Layout => _keys;

    /// <summary>The value of each key of <see cref="Layout"/>; null where the row stores none.</summary>
    public ReadOnlySpan<string?> Slots => _values;

    /// <inheritdoc />
    public string this[string key] => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"the record has no value for '{key}'");

    /// <inheritdoc />
    public IEnumerable<string> Keys { get { for (var i = 0; i < _keys.Length; i++) if (_values[i] is not null) yield return _keys[i]; } }

    /// <inheritdoc />
    public IEnumerable<string> Values { get { for (var i = 0; i < _keys.Length; i++) if (_values[i] is { } v) yield return v; } }

    /// <inheritdoc />
    public int Count
    {
        get
        {
            var n = 0;
            foreach (var v in _values) if (v is not null) n++;
            return n;
        }
    }

    /// <inheritdoc />
    public bool ContainsKey(string key) => TryGetValue(key, out _);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        // Keys are usually the same instances as the callers' literals (interned): references first, text second.
        for (var i = 0; i < _keys.Length; i++)
            if (ReferenceEquals(_keys[i], key)) return (value = _values[i]) is not null;
        for (var i = 0; i < _keys.Length; i++)
            if (string.Equals(_keys[i], key, StringComparison.Ordinal) && _values[i] is { } v) { value = v; return true; }
        value = null;
        return false;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        for (var i = 0; i < _keys.Length; i++)
            if (_values[i] is { } v) yield return new KeyValuePair<string, string>(_keys[i], v);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
