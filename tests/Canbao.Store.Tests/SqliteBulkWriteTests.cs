using System.Collections;
using Canbao.Domain.Persons;
using Canbao.Store.Sqlite;
using Microsoft.Data.Sqlite;
using static Canbao.Store.Tests.TestData;

namespace Canbao.Store.Tests;

/// <summary>
/// The SQLite bulk write's two paths beside the contract's small writes: a first load (≥ 1,000 persons into an empty
/// table) builds the secondary indexes after the rows, and a write of ≥ 2,048 persons serializes chunks of 1,024 on a
/// second thread.
/// </summary>
public sealed class SqliteBulkWriteTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("canbao-store-bulk-").FullName;
    private string DbPath => Path.Combine(_dir, "persons.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static List<PersonRecord> Persons(int n, string hash = "a")
        => Enumerable.Range(0, n).Select(i => Person(Id(i), "6301" + (02 + i % 3).ToString("D2", System.Globalization.CultureInfo.InvariantCulture),
            i % 2 == 0 ? CoverageStatus.NotEnrolled : CoverageStatus.FullyEnrolled, hash + i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();

    private List<string> Scalars(string sql)
    {
        using var c = new SqliteConnection("Data Source=" + DbPath + ";Pooling=false");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read()) list.Add(Convert.ToString(r.GetValue(r.FieldCount - 1), System.Globalization.CultureInfo.InvariantCulture)!);
        return list;
    }

    private List<string> Indexes() => Scalars("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'persons' AND sql IS NOT NULL ORDER BY name");

    [Fact]
    public async Task A_first_load_leaves_the_indexes_built_and_consistent_and_later_writes_keep_them()
    {
        var store = new SqlitePersonStore(DbPath);
        var persons = Persons(5_000);
        var first = await store.WriteChangedAsync(persons);
        Assert.Equal((5_000, 0), (first.Written, first.Unchanged));
        Assert.Equal(["persons_district", "persons_feed"], Indexes());
        Assert.Equal(["ok"], Scalars("PRAGMA integrity_check")); // every index entry matches its row
        Assert.Contains(Scalars("EXPLAIN QUERY PLAN SELECT json FROM persons WHERE district = '630103' AND coverage = 'not_enrolled'"),
            d => d.Contains("persons_district", StringComparison.Ordinal));
        Assert.Contains(Scalars("EXPLAIN QUERY PLAN SELECT last_seq FROM persons WHERE last_seq > 10 ORDER BY last_seq"),
            d => d.Contains("persons_feed", StringComparison.Ordinal));

        // District view through the rebuilt index: persons 1, 7, 13, … (i % 3 == 1, odd) are 630103's fully enrolled.
        var expected = Enumerable.Range(0, 5_000).Where(i => i % 3 == 1 && i % 2 == 1).Select(Id).ToList();
        var got = new List<string>();
        await foreach (var p in store.QueryDistrictAsync("630103", CoverageStatus.FullyEnrolled)) got.Add(p.Id);
        Assert.Equal(expected, got);

        // A second write over a table that is no longer empty: 10 changed, the rest unchanged; indexes untouched.
        var again = persons.Select((p, i) => i % 500 == 0 ? Person(p.Id, p.DistrictCode, CoverageStatus.Lapsed, "b", p.TownshipCode) : p).ToList();
        var second = await store.WriteChangedAsync(again);
        Assert.Equal((10, 4_990), (second.Written, second.Unchanged));
        Assert.Equal(["ok"], Scalars("PRAGMA integrity_check"));
        var feed = await store.ReadChangesAsync("5000", 100);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => Id(i * 500)), feed.Changes.Select(x => x.Person.Id));
        Assert.All(feed.Changes, x => Assert.Equal(CoverageStatus.Lapsed, x.Person.Coverage));
    }

    [Fact]
    public async Task Chunks_serialized_ahead_keep_each_document_with_its_row_and_the_feed_in_input_order()
    {
        var store = new SqlitePersonStore(DbPath);
        await store.WriteChangedAsync([Person(Id(999_999), hash: "x")]); // not empty: the plain path, indexes kept
        var persons = Persons(3_333).AsEnumerable().Reverse().ToList();   // 3 full chunks and a part, in descending ID order
        var result = await store.WriteChangedAsync(persons);
        Assert.Equal(3_333, result.Written);

        var read = await store.ReadManyAsync(persons.Select(p => p.Id).ToList());
        Assert.Equal(3_333, read.Count);
        Assert.All(read, kv => Assert.Equal((kv.Key, "a" + int.Parse(kv.Key[^8..], System.Globalization.CultureInfo.InvariantCulture)),
            (kv.Value.Person.Id, kv.Value.Person.ContentHash)));
        var feed = await store.ReadChangesAsync("1", 10_000);
        Assert.Equal(persons.Select(p => p.Id), feed.Changes.Select(x => x.Person.Id));
        Assert.Equal(["ok"], Scalars("PRAGMA integrity_check"));
    }

    [Fact]
    public async Task A_first_load_that_fails_midway_commits_nothing_and_keeps_the_indexes()
    {
        var store = new SqlitePersonStore(DbPath);
        // Person 3,000 cannot be produced: the failure surfaces on the serializing thread while earlier chunks are written.
        var failing = new FailingAt(Persons(5_000), 3_000);
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => store.WriteChangedAsync(failing));
        Assert.Equal("person 3000 unavailable", ex.Message);

        Assert.Equal(["0"], Scalars("SELECT count(*) FROM persons"));
        Assert.Equal(["persons_district", "persons_feed"], Indexes());
        var retry = await store.WriteChangedAsync(Persons(5_000));
        Assert.Equal(5_000, retry.Written);
        Assert.Equal(["ok"], Scalars("PRAGMA integrity_check"));
    }

    [Fact]
    public async Task A_write_cancelled_while_chunks_are_serialized_commits_nothing()
    {
        var store = new SqlitePersonStore(DbPath);
        using var cts = new CancellationTokenSource();
        // Cancelled when the serializing thread reaches person 3,000; the enumeration itself goes on.
        var cancelling = new FailingAt(Persons(5_000), 3_000, cts.Cancel);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.WriteChangedAsync(cancelling, cts.Token));
        Assert.Equal(["0"], Scalars("SELECT count(*) FROM persons"));
        Assert.Equal(["persons_district", "persons_feed"], Indexes());
    }

    [Fact]
    public async Task A_first_load_of_documents_builds_the_indexes_after_the_rows()
    {
        var store = new SqlitePersonStore(DbPath);
        var docs = Persons(1_500).Select(p => new PersonDocument(p.Id, p.DistrictCode, p.TownshipCode, p.Coverage, p.ContentHash,
            System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(p, PersonJson.Compact))).ToList();
        var result = await store.WriteDocumentsIfMatchAsync(docs, new Dictionary<string, string>());
        Assert.Equal(1_500, result.Written);
        Assert.Equal(["persons_district", "persons_feed"], Indexes());
        Assert.Equal(["ok"], Scalars("PRAGMA integrity_check"));
        Assert.Equal(CoverageStatus.FullyEnrolled, (await store.ReadAsync(Id(1_499)))!.Person.Coverage);
    }

    /// <summary>A collection whose enumeration, at one index, throws (a source that fails midway) or, given
    /// <paramref name="instead"/>, runs it and goes on.</summary>
    private sealed class FailingAt(List<PersonRecord> persons, int failAt, Action? instead = null) : IReadOnlyCollection<PersonRecord>
    {
        public int Count => persons.Count;

        public IEnumerator<PersonRecord> GetEnumerator()
        {
            for (var i = 0; i < persons.Count; i++)
            {
                if (i == failAt && instead is null) throw new InvalidOperationException($"person {i} unavailable");
                if (i == failAt) instead!();
                yield return persons[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
