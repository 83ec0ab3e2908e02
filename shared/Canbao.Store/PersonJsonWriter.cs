using System.Globalization;
using System.Text.Json;
using Canbao.Domain.Persons;
using Canbao.Domain.Validation;

namespace Canbao.Store;

/// <summary>
/// Writes a <see cref="PersonRecord"/> in the <see cref="PersonJson.Compact"/> form property by property: the same bytes
/// as <c>JsonSerializer.Serialize(writer, person, PersonJson.Compact)</c> (snake_case names in declaration order, enums as
/// snake_case strings, dates as yyyy-MM-dd, nulls omitted, the writer's encoder escaping) without the serializer's
/// per-property machinery — a round writes a document per changed person, a million at a city's first round, and this
/// took 9 CPU-s off a 1M round. Documents are read back with
/// <see cref="PersonJson.DeserializePerson"/> as before. A test compares both forms byte for byte over a record with every
/// property set and over a round's persons, and fails when <see cref="PersonRecord"/> gains a property this writer lacks.
/// </summary>
public static class PersonJsonWriter
{
    private static JsonEncodedText N(string name) => JsonEncodedText.Encode(name, PersonJson.Compact.Encoder);

    private static readonly JsonEncodedText Id = N("id"), DistrictCode = N("district_code"), TownshipCode = N("township_code"), Coverage = N("coverage"),
        ContentHash = N("content_hash"), Name = N("name"), SexName = N("sex"), BirthDate = N("birth_date"), HukouAddress = N("hukou_address"),
        ResidenceAddress = N("residence_address"), Phone = N("phone"), EmployerName = N("employer_name"), Aliases = N("aliases"),
        Situations = N("situations"), Enrollments = N("enrollments"), RequiredInsurances = N("required_insurances"),
        CoverageReasons = N("coverage_reasons"), Conflicts = N("conflicts"), Sources = N("sources"), Survey = N("survey"), History = N("history"),
        Insurance = N("insurance"), Status = N("status"), Region = N("region"), Feed = N("feed"), Code = N("code"), Detail = N("detail"),
        Field = N("field"), Values = N("values"), Chosen = N("chosen"), Rule = N("rule"), Drop = N("drop"), Row = N("row"), LinkedBy = N("linked_by"),
        Fields = N("fields"), Reason = N("reason"), At = N("at"), Round = N("round"), What = N("what");

    private static readonly string[] CoverageNames = Enum.GetValues<CoverageStatus>().Select(PersonJson.CoverageKey).ToArray();
    private static readonly string[] SexNames = Enum.GetValues<Domain.Identifiers.Sex>().Select(s => JsonNamingPolicy.SnakeCaseLower.ConvertName(s.ToString())).ToArray();

    /// <summary>Writes the record as one JSON object and flushes the writer, as the serializer does (the writer should use
    /// <see cref="PersonJson.Compact"/>'s encoder).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A coverage status or sex outside its enum.</exception>
    public static void Write(Utf8JsonWriter w, PersonRecord p)
    {
        w.WriteStartObject();
        Str(w, Id, p.Id);
        Str(w, DistrictCode, p.DistrictCode);
        Str(w, TownshipCode, p.TownshipCode);
        w.WriteString(Coverage, CoverageNames[(int)p.Coverage]);
        Str(w, ContentHash, p.ContentHash);
        Str(w, Name, p.Name);
        w.WriteString(SexName, SexNames[(int)p.Sex]);
        Span<char> date = stackalloc char[10];
        p.BirthDate.TryFormat(date, out var length, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        w.WriteString(BirthDate, date[..length]);
        Str(w, HukouAddress, p.HukouAddress);
        Str(w, ResidenceAddress, p.ResidenceAddress);
        Str(w, Phone, p.Phone);
        Str(w, EmployerName, p.EmployerName);
        Strs(w, Aliases, p.Aliases);
        Strs(w, Situations, p.Situations);
        if (p.Enrollments is { } enrollments)
        {
            w.WriteStartArray(Enrollments);
            foreach (var e in enrollments)
            {
                w.WriteStartObject();
                Str(w, Insurance, e.Insurance); Str(w, Status, e.Status); Str(w, Region, e.Region); Str(w, Feed, e.Feed);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        Strs(w, RequiredInsurances, p.RequiredInsurances);
        if (p.CoverageReasons is { } reasons)
        {
            w.WriteStartArray(CoverageReasons);
            foreach (var r in reasons)
            {
                w.WriteStartObject();
                Str(w, Code, r.Code); Str(w, Detail, r.Detail);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (p.Conflicts is { } conflicts)
        {
            w.WriteStartArray(Conflicts);
            foreach (var c in conflicts)
            {
                w.WriteStartObject();
                Str(w, Field, c.Field); Strs(w, Values, c.Values); Str(w, Chosen, c.Chosen); Str(w, Rule, c.Rule);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (p.Sources is { } sources)
        {
            w.WriteStartArray(Sources);
            foreach (var s in sources)
            {
                w.WriteStartObject();
                Str(w, Feed, s.Feed); Str(w, Drop, s.Drop);
                w.WriteNumber(Row, s.Row);
                Str(w, LinkedBy, s.LinkedBy);
                if (s.Fields is { } fields)
                {
                    w.WriteStartObject(Fields);
                    if (fields is FieldRecord record) // a validated row: its slots in order, without an enumerator per record
                    {
                        var keys = record.Layout;
                        var values = record.Slots;
                        for (var i = 0; i < keys.Length; i++)
                            if (values[i] is { } value) w.WriteString(keys[i], value); // an empty slot is a field the row lacks
                    }
                    else
                        foreach (var (key, value) in fields)
                            if (value is null) w.WriteNull(key); else w.WriteString(key, value); // dictionary values: nulls kept, as the serializer does
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (p.Survey is { } survey)
        {
            w.WriteStartObject(Survey);
            Str(w, Status, survey.Status); Str(w, Reason, survey.Reason); Str(w, TownshipCode, survey.TownshipCode);
            w.WriteEndObject();
        }
        if (p.History is { } history)
        {
            w.WriteStartArray(History);
            foreach (var h in history)
            {
                w.WriteStartObject();
                Str(w, At, h.At); Str(w, Round, h.Round); Str(w, What, h.What);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
        w.Flush();
    }

    private static void Str(Utf8JsonWriter w, JsonEncodedText name, string? value)
    {
        if (value is not null) w.WriteString(name, value); // nulls omitted (PersonJson: WhenWritingNull)
    }

    private static void Strs(Utf8JsonWriter w, JsonEncodedText name, IReadOnlyList<string>? values)
    {
        if (values is null) return;
        w.WriteStartArray(name);
        for (var i = 0; i < values.Count; i++)
            if (values[i] is { } v) w.WriteStringValue(v); else w.WriteNullValue();
        w.WriteEndArray();
    }
}
