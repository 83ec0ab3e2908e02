using System.Buffers;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using Canbao.Domain.Persons;
using Canbao.Store;

namespace Canbao.Comparison;

/// <summary>
/// The content hash of a person (<see cref="PersonRecord.ContentHash"/>): XXH128 (xxHash, 128 bits; a change detector,
/// not a security measure: SHA-256 took half the hash's time on this machine) over what the round derives from the
/// drops — the person's JSON form without the hash itself, the audit history and the source records — followed by the
/// distinct (feed, linking rule) pairs (the rule without a linkage weight, which moves with the city's value frequencies) of the source records in ordinal order. The source records' values, drop names,
/// row numbers and periods are left out: they are evidence, and each period's extract re-sends the same facts in its
/// own representation (insurance codes or names, date formats, fields the record does not use) and adds rows beside
/// the superseded ones. So a second round changes only persons whose derived data changed (a value, enrollment,
/// status, reason, alias) or who are now reported by another department or linked by another rule.
/// The hash is computed before <see cref="RecordMerger"/> adds what the store kept (survey results, history), so a
/// round over the same drops compares equal to the stored hash. (Until 2026-11-30 the hash was SHA-256's first 128 bits:
/// the first round over a store written before that rewrites every person once, keeping what the store kept.)
/// </summary>
public static class ContentHasher
{
    /// <summary>Per-thread buffer and writer (partitions assemble on two threads): no allocation per person.</summary>
    [ThreadStatic] private static ArrayBufferWriter<byte>? _buffer;
    [ThreadStatic] private static Utf8JsonWriter? _writer;

    /// <summary>Computes the hash (lower-case hex, 32 characters: 128 bits).</summary>
    /// <remarks>One XXH128 over one buffer: the master JSON, then each distinct "\n" + feed + U+001F + rule line in ordinal
    /// order (the same bytes an incremental hash over the parts would see).</remarks>
    public static string Compute(PersonRecord person)
    {
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(4096);
        var writer = _writer ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = PersonJson.Compact.Encoder, SkipValidation = true });
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        var saved = (person.ContentHash, person.History, person.Sources);
        try
        {
            person.ContentHash = "";
            person.History = [];
            person.Sources = [];
            JsonSerializer.Serialize(writer, person, PersonJson.Compact);
        }
        finally
        {
            (person.ContentHash, person.History, person.Sources) = saved;
        }

        var sources = saved.Sources;
        var lines = new string[sources.Count];
        for (var i = 0; i < lines.Length; i++) lines[i] = sources[i].Feed + "\x1f" + Rule(sources[i].LinkedBy);
        Array.Sort(lines, StringComparer.Ordinal);
        string? previous = null;
        foreach (var line in lines)
        {
            if (string.Equals(line, previous, StringComparison.Ordinal)) continue; // distinct lines only
            previous = line;
            var span = buffer.GetSpan(1 + Encoding.UTF8.GetMaxByteCount(line.Length));
            span[0] = (byte)'\n';
            buffer.Advance(1 + Encoding.UTF8.GetBytes(line, span[1..]));
        }
        Span<byte> hash = stackalloc byte[16];
        XxHash128.Hash(buffer.WrittenSpan, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>A linking rule without its parameter: <c>linkage:12.3</c> → <c>linkage</c>.</summary>
    private static string Rule(string linkedBy) => linkedBy.IndexOf(':') is var i and >= 0 ? linkedBy[..i] : linkedBy;
}
