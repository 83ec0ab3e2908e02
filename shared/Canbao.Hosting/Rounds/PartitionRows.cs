using System.Runtime.InteropServices;
using System.Text;
using Canbao.Comparison;

namespace Canbao.Hosting.Rounds;

/// <summary>
/// The resolved rows of one round partition as one file, so a partition activity on any machine reads only its own
/// partition (artifact <c>rounds/&lt;id&gt;/rows/part-&lt;p&gt;.bin</c>) instead of resolving the whole round again.
/// Written while <see cref="ResolutionBuilder"/> emits rows (<see cref="Writer"/>: one temporary file per partition,
/// <see cref="Partitioning.Of"/> of the person's ID), read back as an <see cref="IResolvedBatch"/> holding that
/// partition only (<see cref="Read"/>). Format per row, BinaryWriter strings (length-prefixed UTF-8): ID, linking rule,
/// ID text, feed, drop, row number (Int64), field count (Int32), then key/value pairs; rows of one person keep their order.
/// </summary>
public static class PartitionRows
{
    /// <summary>Writes each emitted row to its partition's file under a temporary folder (deleted on dispose).</summary>
    public sealed class Writer : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("canbao-partition-rows-").FullName;
        private readonly BinaryWriter[] _writers;
        private bool _completed;

        /// <summary>Opens <paramref name="partitions"/> files.</summary>
        /// <exception cref="ArgumentOutOfRangeException">Fewer than one partition.</exception>
        public Writer(int partitions)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
            _writers = new BinaryWriter[partitions];
            for (var p = 0; p < partitions; p++)
                _writers[p] = new BinaryWriter(new FileStream(FileOf(p), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16), Encoding.UTF8);
        }

        /// <summary>Rows written.</summary>
        public long Rows { get; private set; }

        /// <summary>The file of partition <paramref name="partition"/> (complete after <see cref="Complete"/>).</summary>
        public string FileOf(int partition) => Path.Combine(_dir, $"{partition}.bin");

        /// <summary>Appends one resolved row of person <paramref name="id"/> (the <see cref="ResolutionBuilder"/> emit callback).</summary>
        /// <exception cref="InvalidOperationException">After <see cref="Complete"/>.</exception>
        public void Write(string id, ResolvedRow row)
        {
            if (_completed) throw new InvalidOperationException("the partition rows are complete");
            var w = _writers[Partitioning.Of(id, _writers.Length)];
            w.Write(id);
            w.Write(row.LinkedBy);
            w.Write(row.IdText);
            w.Write(row.Row.Feed);
            w.Write(row.Row.Drop);
            w.Write(row.Row.Row);
            w.Write(row.Row.Fields.Count);
            foreach (var (k, v) in row.Row.Fields) { w.Write(k); w.Write(v ?? ""); }
            Rows++;
        }

        /// <summary>Flushes and closes the files.</summary>
        public void Complete()
        {
            if (_completed) return;
            _completed = true;
            foreach (var w in _writers) w.Dispose();
        }

        /// <summary>Closes and deletes the files.</summary>
        public void Dispose()
        {
            Complete();
            try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Reads one partition's file back as a batch holding that partition.</summary>
    /// <param name="content">The file's bytes.</param>
    /// <param name="partition">The partition the file holds.</param>
    /// <param name="extracts">The round's snapshot extracts (see <see cref="IResolvedBatch.Extracts"/>).</param>
    /// <exception cref="InvalidDataException">The content is cut short or not a partition file.</exception>
    public static IResolvedBatch Read(ReadOnlyMemory<byte> content, int partition, ExtractPeriods? extracts)
    {
        var persons = new Dictionary<string, List<ResolvedRow>>(StringComparer.Ordinal);
        var intern = new Dictionary<string, string>(StringComparer.Ordinal); // field keys, feeds, drops, rules: few distinct values
        string Intern(string s)
        {
            if (intern.TryGetValue(s, out var x)) return x;
            intern[s] = s;
            return s;
        }
        using var stream = MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);
        using var r = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            while (stream.Position < stream.Length)
            {
                var id = r.ReadString();
                var linkedBy = Intern(r.ReadString());
                var idText = r.ReadString();
                if (idText == id) idText = id;
                var feed = Intern(r.ReadString());
                var drop = Intern(r.ReadString());
                var rowNumber = r.ReadInt64();
                var n = r.ReadInt32();
                if (n < 0) throw new InvalidDataException($"partition {partition}: a row has {n} fields");
                var fields = new Dictionary<string, string>(n, StringComparer.Ordinal);
                for (var i = 0; i < n; i++) fields[Intern(r.ReadString())] = r.ReadString();
                if (!persons.TryGetValue(id, out var list)) persons[id] = list = new List<ResolvedRow>(4);
                list.Add(new ResolvedRow(new SourceRow(feed, drop, rowNumber, fields), linkedBy, idText));
            }
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"partition {partition}: its rows file is cut short at byte {stream.Position}");
        }
        return new Batch(partition, persons, extracts);
    }

    private sealed class Batch(int partition, Dictionary<string, List<ResolvedRow>> persons, ExtractPeriods? extracts) : IResolvedBatch
    {
        public ExtractPeriods? Extracts => extracts;

        public IEnumerable<KeyValuePair<string, List<ResolvedRow>>> Partition(int p, int partitions) =>
            p == partition ? persons : throw new ArgumentException($"this batch holds partition {partition}, not {p}", nameof(p));
    }
}
