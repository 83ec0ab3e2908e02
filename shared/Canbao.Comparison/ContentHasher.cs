using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Canbao.Domain.Persons;
using Canbao.Store;

namespace Canbao.Comparison;

/// <summary>
/// The content hash of a person (<see cref="PersonRecord.ContentHash"/>): SHA-256 over the person's JSON form without
/// the hash itself, the audit history and the source records, followed by one line per source record (feed, rule that
/// linked it, its fields) in ordinal order — the provenance of each source record (drop name, row number) is
/// left out, so a second round over re-sent but identical data changes nothing, while any change of a value, status or
/// reason does.
/// </summary>
public static class ContentHasher
{
    /// <summary>The store's JSON options with non-ASCII letters written as UTF-8 (fewer bytes to hash than \uXXXX).</summary>
    private static readonly JsonSerializerOptions Json = new(PersonJson.Options) { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>Computes the hash (lower-case hex, 32 characters: the first 128 bits).</summary>
    public static string Compute(PersonRecord person)
    {
        var saved = (person.ContentHash, person.History, person.Sources);
        byte[] master;
        try
        {
            person.ContentHash = "";
            person.History = [];
            person.Sources = [];
            master = JsonSerializer.SerializeToUtf8Bytes(person, Json);
        }
        finally
        {
            (person.ContentHash, person.History, person.Sources) = saved;
        }

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(master);
        var lines = new string[saved.Sources.Count];
        for (var i = 0; i < lines.Length; i++) lines[i] = Line(saved.Sources[i]);
        Array.Sort(lines, StringComparer.Ordinal);
        foreach (var line in lines) sha.AppendData(Encoding.UTF8.GetBytes(line));
        return Convert.ToHexStringLower(sha.GetHashAndReset().AsSpan(0, 16));
    }

    /// <summary>A source record without its provenance: <c>\n feed \x1f linked_by (\x1f key = value)*</c>, fields in the
    /// record's order (the feed's field order, the same for every row of a feed).</summary>
    private static string Line(SourceRecord s)
    {
        var b = new StringBuilder(256).Append('\n').Append(s.Feed).Append('\x1f').Append(s.LinkedBy);
        foreach (var (k, v) in s.Fields) b.Append('\x1f').Append(k).Append('=').Append(v);
        return b.ToString();
    }
}
