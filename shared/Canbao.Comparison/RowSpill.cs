using System.Buffers;
using System.Text;

using Canbao.Domain.Validation;

namespace Canbao.Comparison;

/// <summary>
/// The resolved rows of a round spilled to temporary files, one per bucket (<see cref="Partitioning.Of"/> of the
/// person's ID over <see cref="Buckets"/>), so a round holds one partition's rows in memory at a time instead of the
/// whole city. Written by one thread (the resolution), then read per partition by any number of threads.
/// Format per row: ID, linking rule, a flag "ID text equals the ID" (else the ID text), feed, drop, row number, the
/// index of the row's field keys in a layout table, then the values (strings: 0 for null, else the UTF-8 byte count + 1
/// and the bytes; rule, feed and drop: indexes in a name table; numbers 7-bit encoded). The tables stay in memory, so
/// rows read back share their keys, feeds, drops and rules (<see cref="FieldRecord"/>: a validated row's slots are
/// written as they are, so the validator's layout is kept). Each bucket is written through its own 64 KB buffer and
/// read back whole (a bucket is a few MB at a million persons): a <c>BinaryReader</c>/<c>BinaryWriter</c> call per
/// value cost a sixth of a round's CPU. The folder is deleted on <see cref="Dispose"/>.
/// </summary>
public sealed class RowSpill : IResolvedBatch, IDisposable
{
    private readonly string _dir;
    private readonly Bucket[] _writers;
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
        _writers = new Bucket[buckets];
        for (var b = 0; b < buckets; b++) _writers[b] = new Bucket(Path.Combine(_dir, $"{b}.bin"));
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
        w.WriteValue(id);
        w.Write(Name(row.LinkedBy));
        var sameId = string.Equals(row.IdText, id, StringComparison.Ordinal);
        w.Write(sameId ? 1 : 0);
        if (!sameId) w.WriteValue(row.IdText);
        w.Write(Name(row.Row.Feed));
        w.Write(Name(row.Row.Drop));
        w.Write((ulong)row.Row.Row);
        if (row.Row.Fields is FieldRecord record) // the validator's rows: slots as they are, no enumerator
        {
            w.Write(Layout(row.Row.Feed, record.Layout));
            foreach (var v in record.Slots) w.WriteValue(v);
        }
        else
        {
            var fields = row.Row.Fields;
            w.Write(Layout(row.Row.Feed, fields.Keys.ToArray()));
            foreach (var (_, v) in fields) w.WriteValue(v);
        }
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
    private int Layout(string feed, ReadOnlySpan<string> keys)
    {
        if (_lastLayout.TryGetValue(feed, out var last) && SameKeys(_layouts[last], keys)) return last;
        for (var i = 0; i < _layouts.Count; i++)
            if (SameKeys(_layouts[i], keys)) { _lastLayout[feed] = i; return i; }
        var layout = new string[keys.Length];
        for (var i = 0; i < layout.Length; i++) layout[i] = string.Intern(keys[i]); // interned: the literal field keys of the code match by reference
        _layouts.Add(layout);
        _lastLayout[feed] = _layouts.Count - 1;
        return _layouts.Count - 1;
    }

    private static bool SameKeys(string[] layout, ReadOnlySpan<string> keys)
    {
        if (layout.Length != keys.Length) return false;
        for (var i = 0; i < layout.Length; i++)
            if (!string.Equals(layout[i], keys[i], StringComparison.Ordinal)) return false;
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
            byte[] data;
            int length;
            using (var file = File.OpenHandle(Path.Combine(_dir, $"{b}.bin")))
            {
                length = checked((int)RandomAccess.GetLength(file));
                data = ArrayPool<byte>.Shared.Rent(length); // a few MB per bucket: pooled, not a large object per bucket
                for (var read = 0; read < length;) read += RandomAccess.Read(file, data.AsSpan(read, length - read), read);
            }
            var r = new Reader(data);
            while (r.Position < length)
            {
                var id = r.Value()!;
                var linkedBy = _names[(int)r.Number()];
                var idText = r.Number() == 1 ? id : r.Value()!;
                var feed = _names[(int)r.Number()];
                var drop = _names[(int)r.Number()];
                var rowNumber = (long)r.Number();
                var keys = _layouts[(int)r.Number()];
                var values = new string?[keys.Length];
                for (var i = 0; i < values.Length; i++) values[i] = r.Value();
                if (!persons.TryGetValue(id, out var list)) persons[id] = list = new List<ResolvedRow>(4);
                list.Add(new ResolvedRow(new SourceRow(feed, drop, rowNumber, new FieldRecord(keys, values)), linkedBy, idText));
            }
            ArrayPool<byte>.Shared.Return(data);
            foreach (var person in persons) yield return person;
        }
    }

    /// <summary>One bucket's file and its write buffer (flushed when full and on <see cref="Dispose"/>).</summary>
    private sealed class Bucket(string path) : IDisposable
    {
        private readonly FileStream _file = new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        private byte[] _buffer = new byte[1 << 16];
        private int _used;

        public void Write(ulong number)
        {
            Ensure(10);
            for (; number >= 0x80; number >>= 7) _buffer[_used++] = (byte)(number | 0x80);
            _buffer[_used++] = (byte)number;
        }

        public void Write(int number) => Write((ulong)(uint)number);

        /// <summary>A string: 0 for null (a field not stored), else the byte count + 1 and the UTF-8 bytes.</summary>
        public void WriteValue(string? text)
        {
            if (text is null) { Write(0); return; }
            var bytes = Encoding.UTF8.GetByteCount(text);
            Write(bytes + 1);
            Ensure(bytes);
            _used += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_used));
        }

        private void Ensure(int bytes)
        {
            if (_used + bytes <= _buffer.Length) return;
            _file.Write(_buffer, 0, _used);
            _used = 0;
            if (bytes > _buffer.Length) _buffer = new byte[bytes]; // one value over 64 KB
        }

        public void Dispose()
        {
            _file.Write(_buffer, 0, _used);
            _used = 0;
            _file.Dispose();
        }
    }

    /// <summary>Reads a bucket's bytes back: 7-bit numbers and strings as <see cref="Bucket.WriteValue"/> wrote them.</summary>
    private struct Reader(byte[] data)
    {
        private readonly byte[] _data = data;

        public int Position { get; private set; }

        public ulong Number()
        {
            ulong value = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = _data[Position++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return value;
            }
        }

        /// <summary>A value written by <see cref="Bucket.WriteValue"/>.</summary>
        public string? Value()
        {
            var marker = (int)Number();
            if (marker <= 1) return marker == 0 ? null : "";
            var text = Encoding.UTF8.GetString(_data, Position, marker - 1);
            Position += marker - 1;
            return text;
        }
    }

    /// <summary>Closes and deletes the temporary files.</summary>
    public void Dispose()
    {
        Complete();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
