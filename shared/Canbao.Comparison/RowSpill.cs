using System.Text;

namespace Canbao.Comparison;

/// <summary>
/// The resolved rows of a round spilled to temporary files, one per bucket (<see cref="Partitioning.Of"/> of the
/// person's ID over <see cref="Buckets"/>), so a round holds one partition's rows in memory at a time instead of the
/// whole city. Written by one thread (the resolution), then read per partition by any number of threads.
/// Format per row: ID, linking rule, a flag "ID text equals the ID" (else the ID text), feed, drop, row number, the
/// index of the row's field keys in a layout table, then the values (strings: BinaryWriter's length-prefixed UTF-8;
/// rule, feed and drop: indexes in a name table; numbers 7-bit encoded). The tables stay in memory, so rows read back
/// share their keys, feeds, drops and rules (<see cref="FieldMap"/>). The folder is deleted on <see cref="Dispose"/>.
/// </summary>
public sealed class RowSpill : IResolvedBatch, IDisposable
{
    private readonly string _dir;
    private readonly BinaryWriter[] _writers;
    private readonly List<string> _names = [];
    private readonly Dictionary<string, int> _nameIndex = new(StringComparer.Ordinal);
    private readonly List<string[]> _layouts = [];
    private readonly Dictionary<string, int> _lastLayout = new(StringComparer.Ordinal);
    private bool _completed;

    /// <summary>Creates the spill folder under <paramref name="parent"/> with <paramref name="buckets"/> files.</summary>
    /// <param name="parent">Folder for the temporary files (e.g. the system temp folder).</param>
    /// <param name="buckets">Bucket count; a partition count must divide it.</param>
    public RowSpill(string parent, int buckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        Buckets = buckets;
        _dir = Path.Combine(parent, "canbao-spill-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        _writers = new BinaryWriter[buckets];
        for (var b = 0; b < buckets; b++)
            _writers[b] = new BinaryWriter(new FileStream(Path.Combine(_dir, $"{b}.bin"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 14), Encoding.UTF8);
    }

    /// <summary>Bucket count.</summary>
    public int Buckets { get; }

    /// <summary>Rows written.</summary>
    public long Rows { get; private set; }

    /// <inheritdoc />
    public ExtractPeriods? Extracts { get; set; }

    /// <summary>Appends a person's row (rows of one person keep their order).</summary>
    /// <exception cref="InvalidOperationException">After <see cref="Complete"/>.</exception>
    public void Write(string id, ResolvedRow row)
    {
        if (_completed) throw new InvalidOperationException("the spill is complete");
        var w = _writers[Partitioning.Of(id, Buckets)];
        w.Write(id);
        w.Write7BitEncodedInt(Name(row.LinkedBy));
        var sameId = string.Equals(row.IdText, id, StringComparison.Ordinal);
        w.Write(sameId);
        if (!sameId) w.Write(row.IdText);
        w.Write7BitEncodedInt(Name(row.Row.Feed));
        w.Write7BitEncodedInt(Name(row.Row.Drop));
        w.Write7BitEncodedInt64(row.Row.Row);
        var fields = row.Row.Fields;
        w.Write7BitEncodedInt(Layout(row.Row.Feed, fields));
        if (fields is Dictionary<string, string> d) foreach (var v in d.Values) w.Write(v ?? ""); // the readers' type: no boxed enumerator
        else foreach (var (_, v) in fields) w.Write(v ?? "");
        Rows++;
    }

    /// <summary>The index of a repeated string (rule, feed, drop) in the spill's name table.</summary>
    private int Name(string s)
    {
        if (_nameIndex.TryGetValue(s, out var i)) return i;
        _nameIndex[s] = i = _names.Count;
        _names.Add(s);
        return i;
    }

    /// <summary>The index of a row's key sequence in the layout table; the feed's last layout is tried first (rows of a
    /// drop share their columns).</summary>
    private int Layout(string feed, IReadOnlyDictionary<string, string> fields)
    {
        if (_lastLayout.TryGetValue(feed, out var last) && SameKeys(_layouts[last], fields)) return last;
        for (var i = 0; i < _layouts.Count; i++)
            if (SameKeys(_layouts[i], fields)) { _lastLayout[feed] = i; return i; }
        _layouts.Add(fields.Keys.Select(string.Intern).ToArray()); // interned: the literal field keys of the code match by reference
        _lastLayout[feed] = _layouts.Count - 1;
        return _layouts.Count - 1;
    }

    private static bool SameKeys(string[] layout, IReadOnlyDictionary<string, string> fields)
    {
        if (layout.Length != fields.Count) return false;
        var i = 0;
        if (fields is Dictionary<string, string> d) // the readers' type: no boxed enumerator
        {
            foreach (var key in d.Keys) if (!string.Equals(layout[i++], key, StringComparison.Ordinal)) return false;
            return true;
        }
        foreach (var key in fields.Keys) if (!string.Equals(layout[i++], key, StringComparison.Ordinal)) return false;
        return true;
    }

    /// <summary>Flushes and closes the files; partitions can be read after this.</summary>
    public void Complete()
    {
        if (_completed) return;
        _completed = true;
        foreach (var w in _writers) w.Dispose();
    }

    /// <inheritdoc />
    /// <remarks>Lazy: one bucket file is read and grouped at a time; the checks run at the call.</remarks>
    /// <exception cref="ArgumentException"><paramref name="partitions"/> does not divide <see cref="Buckets"/>.</exception>
    /// <exception cref="InvalidOperationException">Before <see cref="Complete"/>.</exception>
    public IEnumerable<KeyValuePair<string, List<ResolvedRow>>> Partition(int partition, int partitions)
    {
        if (!_completed) throw new InvalidOperationException("the spill is still being written");
        if (partitions < 1 || Buckets % partitions != 0) throw new ArgumentException($"{partitions} partitions do not divide {Buckets} buckets", nameof(partitions));
        return Read(partition, partitions);
    }

    /// <summary>Reads the partition's buckets one at a time (a person's rows are all in one bucket), so only one
    /// bucket's rows are in memory while the caller works through them.</summary>
    private IEnumerable<KeyValuePair<string, List<ResolvedRow>>> Read(int partition, int partitions)
    {
        for (var b = partition; b < Buckets; b += partitions)
        {
            var persons = new Dictionary<string, List<ResolvedRow>>(StringComparer.Ordinal);
            using (var r = new BinaryReader(new FileStream(Path.Combine(_dir, $"{b}.bin"), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16), Encoding.UTF8))
            {
                var length = r.BaseStream.Length;
                while (r.BaseStream.Position < length)
                {
                    var id = r.ReadString();
                    var linkedBy = _names[r.Read7BitEncodedInt()];
                    var idText = r.ReadBoolean() ? id : r.ReadString();
                    var feed = _names[r.Read7BitEncodedInt()];
                    var drop = _names[r.Read7BitEncodedInt()];
                    var rowNumber = r.Read7BitEncodedInt64();
                    var keys = _layouts[r.Read7BitEncodedInt()];
                    var values = new string[keys.Length];
                    for (var i = 0; i < values.Length; i++) values[i] = r.ReadString();
                    if (!persons.TryGetValue(id, out var list)) persons[id] = list = new List<ResolvedRow>(4);
                    list.Add(new ResolvedRow(new SourceRow(feed, drop, rowNumber, new FieldMap(keys, values)), linkedBy, idText));
                }
            }
            foreach (var person in persons) yield return person;
        }
    }

    /// <summary>Closes and deletes the temporary files.</summary>
    public void Dispose()
    {
        Complete();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
