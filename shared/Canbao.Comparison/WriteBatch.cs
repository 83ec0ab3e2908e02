using System.Buffers;
using System.Text.Json;
using Canbao.Domain.Persons;
using Canbao.Store;

namespace Canbao.Comparison;

/// <summary>
/// The persons a partition will write, serialized (<see cref="PersonDocument"/>): their JSON in 1 MB segments (no object
/// per byte array; a cleared batch keeps its segments for the next batch, so a round allocates them once, not once a
/// batch on the large-object heap), the ETag each stored record had when read, and what <see cref="RecordMerger"/>
/// replaced in each derived record, so a person someone else wrote in between can be merged again from the document.
/// One thread uses a batch at a time.
/// </summary>
internal sealed class WriteBatch : IDisposable
{
    private const int SegmentSize = 1 << 20;

    /// <summary>What <see cref="RecordMerger.Merge"/> replaces in a derived record, kept to merge it again after a conflict.</summary>
    internal sealed record Derived(List<string> Aliases, List<AuditEntry> History, SurveyState? Survey, string Phone);

    private readonly List<byte[]> _segments = [];
    private readonly Stack<byte[]> _free = new();
    private int _used = SegmentSize; // no segment yet
    private readonly ArrayBufferWriter<byte> _buffer = new(8192);
    private readonly Utf8JsonWriter _writer;

    public WriteBatch() => _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = PersonJson.Compact.Encoder, SkipValidation = true });

    /// <summary>Documents to write, in the order added.</summary>
    public List<PersonDocument> Documents { get; } = [];

    /// <summary>ETag per ID as read (IDs without a stored record absent).</summary>
    public Dictionary<string, string> ReadETags { get; } = new(StringComparer.Ordinal);

    /// <summary>The derived values per ID before the merge, for persons merged with a stored record (a person absent when
    /// read is stored as derived: its document holds them).</summary>
    public Dictionary<string, Derived> BeforeMerge { get; } = new(StringComparer.Ordinal);

    /// <summary>JSON bytes held.</summary>
    public long Bytes { get; private set; }

    /// <summary>Adds a merged person: its document, the ETag read (null: no stored record) and its values before the merge
    /// (null when there was no stored record to merge with).</summary>
    public void Add(PersonRecord merged, string? readETag, Derived? beforeMerge)
    {
        Documents.Add(Serialize(merged));
        if (readETag is null) ReadETags.Remove(merged.Id); else ReadETags[merged.Id] = readETag;
        if (beforeMerge is not null) BeforeMerge[merged.Id] = beforeMerge; else BeforeMerge.Remove(merged.Id);
    }

    /// <summary>Serializes a person (<see cref="PersonJson.Compact"/>, by <see cref="PersonJsonWriter"/>) into the batch's segments.</summary>
    public PersonDocument Serialize(PersonRecord person)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset();
        PersonJsonWriter.Write(_writer, person);
        var json = _buffer.WrittenSpan;
        Memory<byte> slot;
        if (json.Length > SegmentSize) slot = json.ToArray(); // a record over 1 MB: its own array
        else
        {
            if (_used + json.Length > SegmentSize)
            {
                _segments.Add(_free.Count > 0 ? _free.Pop() : new byte[SegmentSize]);
                _used = 0;
            }
            slot = _segments[^1].AsMemory(_used, json.Length);
            _used += json.Length;
        }
        json.CopyTo(slot.Span);
        Bytes += json.Length;
        return new PersonDocument(person.Id, person.DistrictCode, person.TownshipCode, person.Coverage, person.ContentHash, slot);
    }

    /// <summary>Empties the batch for reuse; its segments are kept for the next documents.</summary>
    public void Clear()
    {
        foreach (var s in _segments) _free.Push(s);
        _segments.Clear();
        _used = SegmentSize;
        Documents.Clear();
        ReadETags.Clear();
        BeforeMerge.Clear();
        Bytes = 0;
    }

    /// <summary>Releases the JSON writer (the segments are garbage with the batch).</summary>
    public void Dispose() => _writer.Dispose();
}
