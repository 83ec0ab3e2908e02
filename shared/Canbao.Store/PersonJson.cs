using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Canbao.Domain.Changes;
using Canbao.Domain.Persons;

namespace Canbao.Store;

/// <summary>
/// The JSON form both stores keep: System.Text.Json, snake_case property names and enum values (PersonRecord's
/// documented shape), nulls omitted. The whole record is stored, so fields other areas add to PersonRecord round-trip.
/// </summary>
public static class PersonJson
{
    /// <summary>Serializer options: snake_case names, snake_case enum strings, nulls omitted.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary><see cref="Options"/> writing CJK and other non-ASCII letters as UTF-8, not as \uXXXX escapes
    /// (HTML-sensitive characters stay escaped): half the bytes for Chinese text. The embedded store keeps documents in
    /// this form and the content hash is computed over it; <see cref="DeserializePerson"/> reads either form. Dictionary
    /// keys are written as they are: the only dictionaries of a person document are the source records' fields, keyed
    /// by standard field keys that are snake_case already (converting each key on every write allocated a string a field).</summary>
    public static readonly JsonSerializerOptions Compact = new(Options) { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All), DictionaryKeyPolicy = null };

    /// <summary>The record as UTF-8 JSON.</summary>
    public static byte[] Serialize(PersonRecord person) => JsonSerializer.SerializeToUtf8Bytes(person, Options);

    /// <summary>Parses a record. <exception cref="JsonException">Not a record.</exception></summary>
    public static PersonRecord DeserializePerson(ReadOnlySpan<byte> json)
        => JsonSerializer.Deserialize<PersonRecord>(json, Options) ?? throw new JsonException("null person document");

    /// <summary>The dynamics as UTF-8 JSON.</summary>
    public static byte[] Serialize(PersonDynamics dynamics) => JsonSerializer.SerializeToUtf8Bytes(dynamics, Options);

    /// <summary>Parses dynamics; an empty instance for null/empty input.</summary>
    public static PersonDynamics DeserializeDynamics(ReadOnlySpan<byte> json)
        => json.IsEmpty ? new PersonDynamics() : JsonSerializer.Deserialize<PersonDynamics>(json, Options) ?? new PersonDynamics();

    /// <summary>Snake-case name of a coverage status as stored (e.g. <c>not_enrolled</c>).</summary>
    public static string CoverageKey(CoverageStatus c) => JsonNamingPolicy.SnakeCaseLower.ConvertName(c.ToString());
}
