using System.Buffers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Canbao.Domain.Persons;
using Canbao.Store;

namespace Canbao.Comparison.Tests;

/// <summary>The hand-written document writer gives the serializer's bytes (<see cref="PersonJson.Compact"/>), so stored
/// documents read back as before and a property added to <see cref="PersonRecord"/> cannot be dropped silently.</summary>
public sealed class PersonJsonWriterTests
{
    private static string Written(PersonRecord p)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = PersonJson.Compact.Encoder, SkipValidation = true }))
            PersonJsonWriter.Write(w, p);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Serialized(PersonRecord p) => Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(p, PersonJson.Compact));

    [Fact]
    public void A_person_with_every_property_set_is_written_byte_for_byte_as_the_serializer_writes_it()
    {
        var p = Build.FullPerson();
        p.Name = "赵\"子\\龙<script>\u0001"; // escapes as the serializer's encoder does
        p.Sources[0] = p.Sources[0] with { Fields = new Dictionary<string, string> { ["name"] = "赵子龙", ["note"] = null! } };
        Assert.Equal(Serialized(p), Written(p));
        var json = JsonDocument.Parse(Written(p)).RootElement;
        foreach (var property in typeof(PersonRecord).GetProperties(BindingFlags.Public | BindingFlags.Instance))
            Assert.True(json.TryGetProperty(JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name), out _), $"{property.Name} is not written");
        Assert.Equivalent(PersonJson.DeserializePerson(JsonSerializer.SerializeToUtf8Bytes(p, PersonJson.Compact)),
            PersonJson.DeserializePerson(Encoding.UTF8.GetBytes(Written(p))), strict: true);
    }

    [Fact]
    public void A_validated_rows_fields_are_written_in_layout_order_without_the_slots_it_does_not_store()
    {
        var p = Build.FullPerson();
        // A round's source records hold the validator's FieldRecord (the writer reads its slots directly): an empty
        // slot is a field the row does not store, absent from the document as from the record's enumeration.
        var fields = new Canbao.Domain.Validation.FieldRecord(["resident_id", "name", "phone", "hukou_address"], ["630102199001011234", "赵子龙", null, "城东区\"1号\""]);
        p.Sources[0] = p.Sources[0] with { Fields = fields };
        Assert.Equal(Serialized(p), Written(p));
        Assert.Contains("\"fields\":{\"resident_id\":\"630102199001011234\",\"name\":\"赵子龙\",\"hukou_address\":", Written(p));
    }

    [Fact]
    public void Nulls_and_empty_lists_are_written_as_the_serializer_writes_them()
    {
        var p = new PersonRecord { Id = "630102199001011234", DistrictCode = "630102", Survey = null };
        Assert.Equal(Serialized(p), Written(p));
        p.Name = null!;
        p.Aliases = null!;
        p.Sex = Domain.Identifiers.Sex.Female;
        p.Coverage = CoverageStatus.DeceasedStillEnrolled;
        Assert.Equal(Serialized(p), Written(p));
    }

    [Fact]
    public async Task Every_person_of_the_committed_sample_city_is_written_as_the_serializer_writes_it()
    {
        var root = AppContext.BaseDirectory;
        while (!Directory.Exists(Path.Combine(root, "samples", "city"))) root = Path.GetDirectoryName(root) ?? throw new DirectoryNotFoundException("samples/city");
        var store = new MemoryStore();
        var account = new DropAccount();
        var rows = DropSource.Read(Path.Combine(root, "samples", "city"), new DateOnly(2017, 3, 31), account);
        await new ComparisonRound(store, new RoundOptions("r", new DateOnly(2017, 3, 31), 2)).RunAsync(rows, 0, null);
        Assert.True(store.Persons.Count > 1900, $"{store.Persons.Count} persons");
        Assert.Contains(store.Persons.Values, p => p.Conflicts.Count > 0); // the varied shapes are there
        Assert.Contains(store.Persons.Values, p => p.Survey is not null);
        Assert.Contains(store.Persons.Values, p => p.Aliases.Count > 0);
        foreach (var p in store.Persons.Values) Assert.Equal(Serialized(p), Written(p));
    }
}
