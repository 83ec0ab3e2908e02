namespace Canbao.Ingestion;

/// <summary>
/// Makes the strings of a drop's cells, one field at a time, reusing the string of a recent equal cell of the same
/// field: the few values a column repeats (a sex, an insurance type, a status, one employer) cost no allocation after
/// their first row. Per field it keeps the last <see cref="Slots"/> distinct short values; a field whose cells hardly
/// ever repeat (IDs, names, phones) stops being looked up after <see cref="Probe"/> cells, so it costs one length test.
/// Strings are immutable, so sharing one between rows is safe.
/// </summary>
internal sealed class CellStrings
{
    /// <summary>Distinct recent values kept per field.</summary>
    public const int Slots = 6;

    /// <summary>Cells looked up per field before deciding whether the field repeats.</summary>
    public const int Probe = 2048;

    /// <summary>Longer cells (addresses) are never looked up.</summary>
    public const int MaxLength = 40;

    private readonly string?[] _slots;
    private readonly int[] _next, _lookups, _hits;
    private readonly bool[] _off;

    public CellStrings(int fields)
    {
        _slots = new string?[fields * Slots];
        _next = new int[fields];
        _lookups = new int[fields];
        _hits = new int[fields];
        _off = new bool[fields];
    }

    /// <summary>The string of <paramref name="cell"/> for field <paramref name="field"/>: a kept one when equal, else a new one.</summary>
    public string Get(int field, ReadOnlySpan<char> cell)
    {
        if (_off[field] || cell.Length > MaxLength) return cell.ToString();
        var slots = _slots.AsSpan(field * Slots, Slots);
        foreach (var s in slots)
        {
            if (s is null) break;
            if (cell.SequenceEqual(s))
            {
                _hits[field]++;
                Count(field);
                return s;
            }
        }
        var made = cell.ToString();
        slots[_next[field]] = made;
        _next[field] = (_next[field] + 1) % Slots;
        Count(field);
        return made;
    }

    /// <summary>After <see cref="Probe"/> lookups, a field with fewer than one hit in four is no longer looked up.</summary>
    private void Count(int field)
    {
        if (++_lookups[field] == Probe && _hits[field] * 4 < Probe) _off[field] = true;
    }
}
