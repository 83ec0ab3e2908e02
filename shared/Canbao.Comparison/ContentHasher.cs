using System.Security.Cryptography;
using System.Text.Json;
using Canbao.Domain.Persons;
using Canbao.Store;

namespace Canbao.Comparison;

/// <summary>
/// The content hash of a person (<see cref="PersonRecord.ContentHash"/>): SHA-256 over the stored JSON form with the
/// hash itself, the audit history and the provenance of each source record (drop name, row number) left out — a
/// second round over re-sent but identical data changes nothing, while any change of a value, status or reason does.
/// </summary>
public static class ContentHasher
{
    /// <summary>Computes the hash (lower-case hex, 32 characters: the first 128 bits).</summary>
    public static string Compute(PersonRecord person)
    {
        var saved = (person.ContentHash, person.History, person.Sources);
        try
        {
            person.ContentHash = "";
            person.History = [];
            person.Sources = saved.Sources.Select(s => s with { Drop = "", Row = 0 })
                .OrderBy(s => s.Feed, StringComparer.Ordinal).ThenBy(s => s.LinkedBy, StringComparer.Ordinal)
                .ThenBy(s => JsonSerializer.Serialize(s.Fields), StringComparer.Ordinal).ToList();
            var bytes = JsonSerializer.SerializeToUtf8Bytes(person, PersonJson.Options);
            return Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16));
        }
        finally
        {
            (person.ContentHash, person.History, person.Sources) = saved;
        }
    }
}
