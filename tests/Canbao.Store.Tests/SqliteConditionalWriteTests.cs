using Canbao.Domain.Persons;
using Canbao.Store.Sqlite;
using static Canbao.Store.Tests.TestData;

namespace Canbao.Store.Tests;

/// <summary>The SQLite store's conditional bulk write (a round writes only over the records it read; case 20).</summary>
public sealed class SqliteConditionalWriteTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("canbao-store-cond-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_record_written_since_it_was_read_is_a_conflict_and_stays_as_written()
    {
        IPersonStore store = new SqlitePersonStore(Path.Combine(_dir, "persons.db"));
        await store.WriteChangedAsync([Person(Id(1), hash: "a"), Person(Id(2), hash: "a"), Person(Id(3), hash: "a")]);
        var read = await store.ReadManyAsync([Id(1), Id(2), Id(3), Id(4)]);
        var etags = read.ToDictionary(x => x.Key, x => x.Value.ETag);

        // An operator replaces person 2 after the read; person 4 is created by someone else after the read.
        var op = read[Id(2)];
        op.Person.Phone = "13800000000";
        await store.ReplaceAsync(op.Person, op.Dynamics, op.ETag);
        await store.WriteChangedAsync([Person(Id(4), hash: "other")]);

        var result = await store.WriteChangedIfMatchAsync(
            [Person(Id(1), coverage: CoverageStatus.Lapsed, hash: "b"), Person(Id(2), coverage: CoverageStatus.Lapsed, hash: "b"), Person(Id(3), hash: "a"), Person(Id(4), hash: "b"), Person(Id(5), hash: "b")],
            etags);

        Assert.Equal((2, 1, 2), (result.Written, result.Unchanged, result.Failed)); // 1 and 5 written, 3 unchanged
        Assert.Equal([Id(2), Id(4)], result.Failures.Select(f => f.PersonId).Order());
        Assert.All(result.Failures, f => Assert.Equal(IPersonStore.ETagConflictReason, f.Reason));
        Assert.Equal("13800000000", (await store.ReadAsync(Id(2)))!.Person.Phone); // the operator's write stands
        Assert.Equal(CoverageStatus.FullyEnrolled, (await store.ReadAsync(Id(2)))!.Person.Coverage);
        Assert.Equal("other", (await store.ReadAsync(Id(4)))!.Person.ContentHash);
        Assert.Equal(CoverageStatus.Lapsed, (await store.ReadAsync(Id(1)))!.Person.Coverage);

        // With the ETag read again, the write goes through.
        var again = await store.WriteChangedIfMatchAsync([Person(Id(2), coverage: CoverageStatus.Lapsed, hash: "b")],
            new Dictionary<string, string> { [Id(2)] = (await store.ReadAsync(Id(2)))!.ETag });
        Assert.Equal((1, 0, 0), (again.Written, again.Unchanged, again.Failed));
    }
}
