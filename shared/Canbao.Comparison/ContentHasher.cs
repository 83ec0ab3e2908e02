using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Canbao.Domain.Persons;
using Canbao.Store;

namespace Canbao.Comparison;

/// <summary>
/// The content hash of a person (<see cref="PersonRecord.ContentHash"/>): SHA-256 over what the round derives from the
/// drops — the person's JSON form without the hash itself, the audit history and the source records — followed by the
/// distinct (feed, linking rule) pairs (the rule without a linkage weight, which moves with the city's value frequencies) of the source records in ordinal order. The source records' values, drop names,
/// row numbers and periods are left out: they are evidence, and each period's extract re-sends the same facts in its
/// own representation (insurance codes or names, date formats, fields the record does not use) and adds rows beside
/// the superseded ones. So a second round changes only persons whose derived data changed (a value, enrollment,
/// status, reason, alias) or who are now reported by another department or linked by another rule.
/// The hash is computed before <see cref="RecordMerger"/> adds what the store kept (survey results, history), so a
/// round over the same drops compares equal to the stored hash.
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
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var src in saved.Sources) lines.Add("\n" + src.Feed + "\x1f" + Rule(src.LinkedBy));
        foreach (var line in lines) sha.AppendData(Encoding.UTF8.GetBytes(line));
        return Convert.ToHexStringLower(sha.GetHashAndReset().AsSpan(0, 16));
    }

    /// <summary>A linking rule without its parameter: <c>linkage:12.3</c> → <c>linkage</c>.</summary>
    private static string Rule(string linkedBy) => linkedBy.IndexOf(':') is var i and >= 0 ? linkedBy[..i] : linkedBy;
}
