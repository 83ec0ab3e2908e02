using Canbao.Store.Cosmos;
using Canbao.Store.Sqlite;

namespace Canbao.Store.Tests;

/// <summary>The contract on SQLite: always runs, one fresh file per test.</summary>
public sealed class SqlitePersonStoreTests : PersonStoreContract, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("canbao-store-").FullName;
    protected override string? Unavailable => null;
    protected override IPersonStore CreateStore() => new SqlitePersonStore(Path.Combine(_dir, "persons.db"));
    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}

/// <summary>
/// The contract on @vercel/cosmosdb-server (CI): point operations, single-partition queries, conditional patch.
/// It has no change feed, so the district view is projected from point reads of the written persons and the change-feed
/// test is skipped. One fresh database per test.
/// </summary>
public sealed class CosmosStandInPersonStoreTests(CosmosStandIn server) : PersonStoreContract, IClassFixture<CosmosStandIn>
{
    private CosmosPersonStore? _cosmos;
    protected override string? Unavailable => server.Unavailable;
    protected override string? NoChangeFeed => "@vercel/cosmosdb-server has no change feed (DESIGN.md); runs with CANBAO_COSMOS_CONNECTION";

    protected override IPersonStore CreateStore()
    {
        _cosmos = new CosmosPersonStore(server.CreateClient(),
            new CosmosStoreOptions { Database = "t" + Guid.NewGuid().ToString("N"), MissingItemMayAnswer500 = true });
        _cosmos.EnsureCreatedAsync().GetAwaiter().GetResult();
        return _cosmos;
    }

    protected override async Task SyncViewsAsync(IEnumerable<string> ids)
    {
        var changes = new List<StoredPerson>();
        foreach (var id in ids) changes.Add((await _cosmos!.ReadAsync(id))!);
        await new DistrictViewProjector(_cosmos!).ProjectAsync(changes);
    }
}

/// <summary>
/// The whole contract on a real Cosmos DB account or emulator named by CANBAO_COSMOS_CONNECTION (skipped when unset).
/// The district view is caught up from the real change feed. Each test uses a fresh database, deleted afterwards.
/// </summary>
public sealed class CosmosPersonStoreTests : PersonStoreContract, IDisposable
{
    private static readonly string? Connection = Environment.GetEnvironmentVariable("CANBAO_COSMOS_CONNECTION");
    private CosmosPersonStore? _cosmos;
    private string? _checkpoint;
    protected override string? Unavailable => string.IsNullOrWhiteSpace(Connection)
        ? "CANBAO_COSMOS_CONNECTION is not set: no real Cosmos DB endpoint to run the whole contract against" : null;

    protected override IPersonStore CreateStore()
    {
        _cosmos = new CosmosPersonStore(CosmosPersonStore.CreateClient(Connection!, bulk: true),
            new CosmosStoreOptions { Database = "t" + Guid.NewGuid().ToString("N") });
        _cosmos.EnsureCreatedAsync().GetAwaiter().GetResult();
        return _cosmos;
    }

    protected override async Task SyncViewsAsync(IEnumerable<string> ids)
        => _checkpoint = await new DistrictViewProjector(_cosmos!).CatchUpAsync(_checkpoint);

    public void Dispose()
    {
        if (_cosmos is null) return;
        _cosmos.Client.GetDatabase(_cosmos.Persons.Database.Id).DeleteAsync().GetAwaiter().GetResult();
        _cosmos.Client.Dispose();
    }
}
