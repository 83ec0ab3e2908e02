using System.Text;

namespace Canbao.Comparison;

/// <summary>
/// The resolved rows of a round spilled to temporary files, one per bucket (<see cref="Partitioning.Of"/> of the
/// person's ID over <see cref="Buckets"/>), so a round holds one partition's rows in memory at a time instead of the
/// whole city. Written by one thread (the resolution), then read per partition by any number of threads.
/// Format per row: ID, linking rule, a flag "ID text equals the ID" (else the ID text), feed, drop, row number, field count, then
/// key/value pairs (BinaryWriter strings: length-prefixed UTF-8). The folder is deleted on <see cref="Dispose"/>.
/// </summary>
public sealed class RowSpill : IResolvedBatch, IDisposable
{
    private readonly string _dir;
    private readonly BinaryWriter[] _writers;
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
            _writers[b] = new BinaryWriter(new FileStream(Path.Combine(_dir, $"{b}.bin"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16), Encoding.UTF8);
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
        w.Write(row.LinkedBy);
        var sameId = string.Equals(row.IdText, id, StringComparison.Ordinal);
        w.Write(sameId);
        if (!sameId) w.Write(row.IdText);
        w.Write(row.Row.Feed);
        w.Write(row.Row.Drop);
        w.Write(row.Row.Row);
        w.Write(row.Row.Fields.Count);
        foreach (var (k, v) in row.Row.Fields) { w.Write(k); w.Write(v ?? ""); }
        Rows++;
    }

    /// <summary>Flushes and closes the files; partitions can be read after this.</summary>
    public void Complete()
    {
        if (_completed) return;
        _completed = true;
        foreach (var w in _writers) w.Dispose();
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="partitions"/> does not divide <see cref="Buckets"/>.</exception>
    /// <exception cref="InvalidOperationException">Before <see cref="Complete"/>.</exception>
    public IEnumerable<KeyValuePair<string, List<ResolvedRow>>> Partition(int partition, int partitions)
    {
        if (!_completed) throw new InvalidOperationException("the spill is still being written");
        if (partitions < 1 || Buckets % partitions != 0) throw new ArgumentException($"{partitions} partitions do not divide {Buckets} buckets", nameof(partitions));
        var persons = new Dictionary<string, List<ResolvedRow>>(StringComparer.Ordinal);
        var intern = new Dictionary<string, string>(StringComparer.Ordinal); // field keys, feeds, drops, rules: few distinct values
        string Intern(string s)
        {
            if (intern.TryGetValue(s, out var x)) return x;
            intern[s] = s;
            return s;
        }
        for (var b = partition; b < Buckets; b += partitions)
        {
            using var r = new BinaryReader(new FileStream(Path.Combine(_dir, $"{b}.bin"), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16), Encoding.UTF8);
            var length = r.BaseStream.Length;
            while (r.BaseStream.Position < length)
            {
                var id = r.ReadString();
                var linkedBy = Intern(r.ReadString());
                var idText = r.ReadBoolean() ? id : r.ReadString();
                var feed = Intern(r.ReadString());
                var drop = Intern(r.ReadString());
                var rowNumber = r.ReadInt64();
                var n = r.ReadInt32();
                var fields = new Dictionary<string, string>(n, StringComparer.Ordinal);
                for (var i = 0; i < n; i++) fields[Intern(r.ReadString())] = r.ReadString();
                if (!persons.TryGetValue(id, out var list)) persons[id] = list = new List<ResolvedRow>(4);
                list.Add(new ResolvedRow(new SourceRow(feed, drop, rowNumber, fields), linkedBy, idText));
            }
        }
        return persons;
    }

    /// <summary>Closes and deletes the temporary files.</summary>
    public void Dispose()
    {
        Complete();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
