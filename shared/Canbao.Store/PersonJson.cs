using System.Text.Json;
using System.Text.Json.Serialization;
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
