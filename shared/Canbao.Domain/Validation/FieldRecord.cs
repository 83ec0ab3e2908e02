using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Canbao.Domain.Validation;

/// <summary>
/// A row's normalized record: the values of one row aligned with a key list the validator shares across rows, exposed
/// as a read-only dictionary of the keys that have a value. One array per row instead of a hash table per row.
/// Enumeration order is the feed's field order, then the audit keys.
/// </summary>
internal sealed class FieldRecord : IReadOnlyDictionary<string, string>
{
    /// <summary>An empty record (rejected rows).</summary>
    public static readonly FieldRecord Empty = new([], []);

    private readonly string[] _keys;
    private readonly string?[] _values;

    public FieldRecord(string[] keys, string?[] values)
    {
        _keys = keys;
        _values = values;
    }

    public string this[string key] => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"the record has no value for '{key}'");

    public IEnumerable<string> Keys { get { for (var i = 0; i < _keys.Length; i++) if (_values[i] is not null) yield return _keys[i]; } }

    public IEnumerable<string> Values { get { for (var i = 0; i < _keys.Length; i++) if (_values[i] is { } v) yield return v; } }

    public int Count
    {
        get
        {
            var n = 0;
            foreach (var v in _values) if (v is not null) n++;
            return n;
        }
    }

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        for (var i = 0; i < _keys.Length; i++)
        {
            if (string.Equals(_keys[i], key, StringComparison.Ordinal) && _values[i] is { } v) { value = v; return true; }
        }
        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        for (var i = 0; i < _keys.Length; i++)
            if (_values[i] is { } v) yield return new KeyValuePair<string, string>(_keys[i], v);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
