using System.Collections;
using System.Reflection;
using Canbao.Domain.Identifiers;
using Canbao.Domain.Persons;

namespace Canbao.Comparison.Tests;

/// <summary>The content hash covers every derived property and nothing else: it is written field by field, so a
/// property added to <see cref="PersonRecord"/> or to one of its item records must be added to the hash (or named as not
/// hashed), or a changed person would compare equal to its stored record and never be written.</summary>
public sealed class ContentHasherTests
{
    private static PersonRecord Sample() => Build.FullPerson();

    [Fact]
    public void Every_property_is_either_hashed_or_named_as_not_hashed()
    {
        var properties = typeof(PersonRecord).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).Order().ToList();
        Assert.Equal(properties, ContentHasher.Hashed.Concat(ContentHasher.NotHashed).Order().ToList());
    }

    [Fact]
    public void Every_hashed_property_and_every_member_of_its_items_moves_the_hash()
    {
        var original = ContentHasher.Compute(Sample());
        var variants = 0;
        foreach (var name in ContentHasher.Hashed.Where(n => n != nameof(PersonRecord.Sources)))
        {
            var property = typeof(PersonRecord).GetProperty(name)!;
            var nullable = new NullabilityInfoContext().Create(property).WriteState == NullabilityState.Nullable;
            foreach (var (what, changed) in Changes(property.GetValue(Sample()), property.PropertyType, nullable))
            {
                var person = Sample();
                property.SetValue(person, changed); // Id's init accessor too
                Assert.True(original != ContentHasher.Compute(person), $"{name}: {what} left the hash unchanged");
                variants++;
            }
        }
        Assert.True(variants >= 30, $"only {variants} variants"); // every scalar, list and item member above
    }

    [Fact]
    public void Sources_move_the_hash_by_feed_and_linking_rule_only()
    {
        var original = ContentHasher.Compute(Sample());
        string With(Func<List<SourceRecord>, List<SourceRecord>> change)
        {
            var p = Sample();
            p.Sources = change(p.Sources);
            return ContentHasher.Compute(p);
        }
        Assert.NotEqual(original, With(s => [s[0] with { Feed = "students" }, s[1]]));
        Assert.NotEqual(original, With(s => [s[0], s[1] with { LinkedBy = "resident_id" }]));
        Assert.NotEqual(original, With(s => [.. s, s[0] with { Feed = "deaths" }]));
        Assert.NotEqual(original, With(s => [s[0]]));
        // Evidence, not derived data: drops, rows, values, a linkage weight, order and repeats.
        Assert.Equal(original, With(s => [s[0] with { Drop = "household_registry/2017-06-630102.csv", Row = 99 }, s[1]]));
        Assert.Equal(original, With(s => [s[0], s[1] with { Fields = new Dictionary<string, string> { ["name"] = "赵子龙", ["phone"] = "1" } }]));
        Assert.Equal(original, With(s => [s[0], s[1] with { LinkedBy = "linkage:9.75" }]));
        Assert.Equal(original, With(s => [s[1], s[0]]));
        Assert.Equal(original, With(s => [.. s, s[0] with { Drop = "household_registry/2017-06-630102.csv" }]));
    }

    [Fact]
    public void The_hash_and_the_history_are_not_hashed_and_the_form_is_stable()
    {
        var p = Sample();
        var original = ContentHasher.Compute(p);
        p.ContentHash = original;
        p.History = [.. p.History, new AuditEntry("2026-12-01", "r2", "survey result")];
        Assert.Equal(original, ContentHasher.Compute(p));
        Assert.Matches("^[0-9a-f]{32}$", original);
        // Nothing per process (no random seed): a stored hash stays comparable across runs. Changing the hashed form
        // changes this value, and every stored person is then written once more; do it knowingly.
        Assert.Equal("3f19b6fa3e8c73726bd9c8356232a7d4", original);
    }

    [Fact]
    public void A_string_boundary_cannot_be_moved_without_changing_the_hash()
    {
        var a = Sample();
        var b = Sample();
        (a.HukouAddress, a.ResidenceAddress) = ("ab", "c");
        (b.HukouAddress, b.ResidenceAddress) = ("a", "bc");
        Assert.NotEqual(ContentHasher.Compute(a), ContentHasher.Compute(b));
        a.Aliases = ["x", "y"];
        b.Aliases = ["xy"];
        Assert.NotEqual(ContentHasher.Compute(a), ContentHasher.Compute(b));
    }

    /// <summary>Changed copies of a value: a string gains a letter, an enum takes the next value, a date moves a day, a
    /// list gains an item, and each member of a list's first item (or of a record) changes in turn; a nullable record
    /// becomes null.</summary>
    private static IEnumerable<(string What, object? Value)> Changes(object? value, Type type, bool nullable = false)
    {
        if (type == typeof(string)) { yield return ("text", (string?)value + "x"); yield break; }
        if (type.IsEnum)
        {
            var values = Enum.GetValues(type);
            yield return ("enum", values.GetValue((Array.IndexOf(values, value) + 1) % values.Length));
            yield break;
        }
        if (type == typeof(DateOnly)) { yield return ("date", ((DateOnly)value!).AddDays(1)); yield break; }
        if (type == typeof(long)) { yield return ("number", (long)value! + 1); yield break; }
        if (type.IsGenericType && type.GetGenericArguments() is [var item] && typeof(IEnumerable).IsAssignableFrom(type))
        {
            var items = ((IEnumerable)value!).Cast<object?>().ToList();
            yield return ("one item more", List(type, item, [.. items, items[0]]));
            yield return ("no items", List(type, item, []));
            foreach (var (what, changed) in Changes(items[0], item))
                yield return ("first item " + what, List(type, item, [changed, .. items.Skip(1)]));
            yield break;
        }
        if (Nullable.GetUnderlyingType(type) is null && type.IsClass && value is not null)
        {
            if (nullable) yield return ("null", null);
            var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
            var parameters = constructor.GetParameters();
            var current = parameters.Select(p => type.GetProperty(p.Name!, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)!.GetValue(value)).ToArray();
            for (var i = 0; i < parameters.Length; i++)
                foreach (var (what, changed) in Changes(current[i], parameters[i].ParameterType))
                {
                    var args = (object?[])current.Clone();
                    args[i] = changed;
                    yield return ($"{parameters[i].Name} {what}", constructor.Invoke(args));
                }
            yield break;
        }
        throw new NotSupportedException($"no change known for {type}");
    }

    private static object List(Type listType, Type item, List<object?> items)
    {
        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(item))!;
        foreach (var i in items) list.Add(i);
        return listType.IsAssignableFrom(list.GetType()) ? list : throw new NotSupportedException(listType.ToString());
    }
}
