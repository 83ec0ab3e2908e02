using System.IO.Hashing;
using System.Runtime.InteropServices;
using Canbao.Domain.Persons;

namespace Canbao.Comparison;

/// <summary>
/// The content hash of a person (<see cref="PersonRecord.ContentHash"/>): XXH128 (xxHash, 128 bits; a change detector,
/// not a security measure) over what the round derives from the drops — every <see cref="PersonRecord"/> property
/// except the hash itself, the audit history and the source records — followed by the distinct (feed, linking rule)
/// pairs (the rule without a linkage weight, which moves with the city's value frequencies) of the source records in
/// ordinal order. The source records' values, drop names, row numbers and periods are left out: they are evidence, and
/// each period's extract re-sends the same facts in its own representation (insurance codes or names, date formats,
/// fields the record does not use) and adds rows beside the superseded ones. So a second round changes only persons
/// whose derived data changed (a value, enrollment, status, reason, alias) or who are now reported by another
/// department or linked by another rule.
/// The hash is computed before <see cref="RecordMerger"/> adds what the store kept (survey results, history), so a
/// round over the same drops compares equal to the stored hash.
/// </summary>
/// <remarks>
/// The hashed form is written field by field, not through JSON (the JSON form took a fifth of a round's partition
/// phase): each string as its length and UTF-16 code units, each number as 4 bytes, each list as its count then its
/// items, in declaration order; <see cref="Hashed"/> and <see cref="NotHashed"/> name every property, and a test fails
/// when a property of <see cref="PersonRecord"/> or of its item records is in neither or does not move the hash.
/// History of the form: SHA-256 over the JSON form until 2026-11-30 morning, then XXH128 over it, then this; a store
/// written by an earlier form sees every person changed once, and the round rewrites them keeping what the store kept.
/// </remarks>
public static class ContentHasher
{
    /// <summary>The <see cref="PersonRecord"/> properties the hash covers (in the order they are hashed).</summary>
    public static readonly IReadOnlyList<string> Hashed =
    [
        nameof(PersonRecord.Id), nameof(PersonRecord.DistrictCode), nameof(PersonRecord.TownshipCode), nameof(PersonRecord.Coverage),
        nameof(PersonRecord.Name), nameof(PersonRecord.Sex), nameof(PersonRecord.BirthDate), nameof(PersonRecord.HukouAddress),
        nameof(PersonRecord.ResidenceAddress), nameof(PersonRecord.Phone), nameof(PersonRecord.EmployerName), nameof(PersonRecord.Aliases),
        nameof(PersonRecord.Situations), nameof(PersonRecord.Enrollments), nameof(PersonRecord.RequiredInsurances),
        nameof(PersonRecord.CoverageReasons), nameof(PersonRecord.Conflicts), nameof(PersonRecord.Survey), nameof(PersonRecord.Sources),
    ];

    /// <summary>The properties left out: the hash itself and the audit history (<see cref="PersonRecord.Sources"/> is
    /// hashed only by feed and linking rule).</summary>
    public static readonly IReadOnlyList<string> NotHashed = [nameof(PersonRecord.ContentHash), nameof(PersonRecord.History)];

    /// <summary>Per-thread hash state (partitions assemble on several threads): no allocation per person.</summary>
    [ThreadStatic] private static XxHash128? _hash;

    /// <summary>Computes the hash (lower-case hex, 32 characters: 128 bits).</summary>
    public static string Compute(PersonRecord person)
    {
        var h = _hash ??= new XxHash128();
        h.Reset();
        Add(h, person.Id);
        Add(h, person.DistrictCode);
        Add(h, person.TownshipCode);
        Add(h, (int)person.Coverage);
        Add(h, person.Name);
        Add(h, (int)person.Sex);
        Add(h, person.BirthDate.DayNumber);
        Add(h, person.HukouAddress);
        Add(h, person.ResidenceAddress);
        Add(h, person.Phone);
        Add(h, person.EmployerName);
        Add(h, person.Aliases);
        Add(h, person.Situations);
        Add(h, person.Enrollments.Count);
        foreach (var e in person.Enrollments) { Add(h, e.Insurance); Add(h, e.Status); Add(h, e.Region); Add(h, e.Feed); }
        Add(h, person.RequiredInsurances);
        Add(h, person.CoverageReasons.Count);
        foreach (var r in person.CoverageReasons) { Add(h, r.Code); Add(h, r.Detail); }
        Add(h, person.Conflicts.Count);
        foreach (var c in person.Conflicts) { Add(h, c.Field); Add(h, c.Values); Add(h, c.Chosen); Add(h, c.Rule); }
        if (person.Survey is { } s) { Add(h, 1); Add(h, s.Status); Add(h, s.Reason); Add(h, s.TownshipCode); }
        else Add(h, 0);
        AddFeedsAndRules(h, person.Sources);
        Span<byte> hash = stackalloc byte[16];
        h.GetCurrentHash(hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>The distinct (feed, rule) pairs of the sources in ordinal order (feed first), each as two strings; last in the form.</summary>
    private static void AddFeedsAndRules(XxHash128 h, List<SourceRecord> sources)
    {
        Span<int> order = sources.Count <= 64 ? stackalloc int[sources.Count] : new int[sources.Count];
        for (var i = 0; i < order.Length; i++)
        {
            var j = i;
            for (; j > 0 && Compare(sources[order[j - 1]], sources[i]) > 0; j--) order[j] = order[j - 1]; // insertion sort: a person has a few sources
            order[j] = i;
        }
        for (var i = 0; i < order.Length; i++) // last in the hashed form, so no count ahead (and repeats must not count)
        {
            var s = sources[order[i]];
            if (i > 0 && Compare(sources[order[i - 1]], s) == 0) continue; // distinct pairs only
            Add(h, s.Feed);
            Add(h, Rule(s.LinkedBy));
        }
    }

    private static int Compare(SourceRecord a, SourceRecord b)
    {
        var feed = string.CompareOrdinal(a.Feed, b.Feed);
        return feed != 0 ? feed : Rule(a.LinkedBy).SequenceCompareTo(Rule(b.LinkedBy));
    }

    /// <summary>A linking rule without its parameter: <c>linkage:12.3</c> → <c>linkage</c>.</summary>
    private static ReadOnlySpan<char> Rule(string linkedBy) => linkedBy.IndexOf(':') is var i and >= 0 ? linkedBy.AsSpan(0, i) : linkedBy;

    private static void Add(XxHash128 h, int value) => h.Append(MemoryMarshal.AsBytes(new ReadOnlySpan<int>(in value)));

    private static void Add(XxHash128 h, ReadOnlySpan<char> value)
    {
        Add(h, value.Length);
        h.Append(MemoryMarshal.AsBytes(value));
    }

    private static void Add(XxHash128 h, string value) => Add(h, value.AsSpan());

    private static void Add(XxHash128 h, IReadOnlyList<string> values)
    {
        Add(h, values.Count);
        for (var i = 0; i < values.Count; i++) Add(h, values[i]);
    }
}
