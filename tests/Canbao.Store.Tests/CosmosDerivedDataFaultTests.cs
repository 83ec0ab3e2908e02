using System.Net;
using Canbao.Domain.Persons;
using Canbao.Store.ChangeFeed;
using Canbao.Store.Cosmos;
using Canbao.Store.Sqlite;
using Microsoft.Azure.Cosmos;
using static Canbao.Store.Tests.TestData;

namespace Canbao.Store.Tests;

/// <summary>
/// <see cref="CosmosDerivedDataStore"/> when Cosmos DB fails part-way (on the @vercel/cosmosdb-server stand-in, faults
/// injected by a request handler in the client pipeline): an apply interrupted between its steps is finished by the
/// retry or by the person's next version — nothing counted twice, nothing left behind in a district the person left —
/// and the change-feed consumer restarted after the derived store went down mid-page ends equal to a recomputation.
/// </summary>
public sealed class CosmosDerivedDataFaultTests(CosmosStandIn server) : IClassFixture<CosmosStandIn>, IDisposable
{
    private readonly FaultInjector _faults = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("canbao-derived-faults-").FullName;

    /// <summary>Answers 503 (without sending) while <see cref="Fail"/> says so.</summary>
    private sealed class FaultInjector : RequestHandler
    {
        public Func<RequestMessage, bool>? Fail { get; set; }
        public int Injected;

        public override async Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
        {
            if (Fail?.Invoke(request) == true)
            {
                Interlocked.Increment(ref Injected);
                return new ResponseMessage(HttpStatusCode.ServiceUnavailable, request, "injected fault");
            }
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A document request (create/upsert address the container, read/replace/delete the document) to the container.</summary>
    private static bool To(RequestMessage r, string container, string method)
        => r.Method.Method == method && (r.RequestUri.OriginalString.Contains($"/colls/{container}/docs", StringComparison.Ordinal)
            || r.RequestUri.OriginalString.TrimEnd('/').EndsWith($"/colls/{container}", StringComparison.Ordinal))
        && r.Headers["x-ms-documentdb-isquery"] is null;

    private CosmosDerivedDataStore Create()
    {
        Skip.If(server.Unavailable is not null, server.Unavailable);
        var client = CosmosPersonStore.CreateClient(server.ConnectionString!, bulk: false, o =>
        {
            o.ConnectionMode = ConnectionMode.Gateway;
            o.LimitToEndpoint = true;
            o.MaxRetryAttemptsOnRateLimitedRequests = 0;
            o.HttpClientFactory = () => new HttpClient(new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
            });
            o.CustomHandlers.Add(_faults);
        });
        var store = new CosmosDerivedDataStore(client, new CosmosStoreOptions { Database = "t" + Guid.NewGuid().ToString("N"), MissingItemMayAnswer500 = true });
        store.EnsureCreatedAsync().GetAwaiter().GetResult();
        return store;
    }

    private static Derived<StatisticsContribution> Stat(int i, string etag, string district, string coverage)
        => new(Id(i), etag, new StatisticsContribution(district, coverage, []));

    [SkippableFact]
    public async Task A_move_interrupted_before_the_old_district_was_cleaned_is_finished_by_the_next_version()
    {
        var s = Create();
        Assert.Equal(2, await s.ApplyStatisticsAsync([Stat(1, "e1", "630102", "lapsed"), Stat(2, "e1", "630102", "fully_enrolled")]));
        // v2 moves person 1 to 630103: its document there is written, then the delete in 630102 fails.
        _faults.Fail = r => To(r, "district_statistics", "DELETE");
        await Assert.ThrowsAsync<CosmosException>(() => s.ApplyStatisticsAsync([Stat(1, "e2", "630103", "lapsed")]));
        Assert.Equal(1, _faults.Injected);
        _faults.Fail = null;
        // v2 is never retried; v3 moves the person on to 630104: both older documents go.
        Assert.Equal(1, await s.ApplyStatisticsAsync([Stat(1, "e3", "630104", "not_enrolled")]));
        Assert.Equal([new DistrictCount("630102", "coverage", "fully_enrolled", 1), new DistrictCount("630104", "coverage", "not_enrolled", 1)],
            await s.ReadDistrictStatisticsAsync());
        Assert.Empty(await s.ReadDistrictStatisticsAsync("630103"));
    }

    [SkippableFact]
    public async Task A_replay_costs_one_point_read_and_a_new_version_in_place_three_point_operations()
    {
        var s = Create();
        var ids = Enumerable.Range(1, 10).ToList();
        Assert.Equal(10, await s.ApplyStatisticsAsync([.. ids.Select(i => Stat(i, "e1", "630102", "lapsed"))]));
        var requests = 0;
        _faults.Fail = _ => { Interlocked.Increment(ref requests); return false; };
        Assert.Equal(0, await s.ApplyStatisticsAsync([.. ids.Select(i => Stat(i, "e1", "630102", "lapsed"))]));
        Assert.Equal(10, requests); // the marker's point read
        requests = 0;
        Assert.Equal(10, await s.ApplyStatisticsAsync([.. ids.Select(i => Stat(i, "e2", "630102", "fully_enrolled"))]));
        Assert.Equal(30, requests); // marker read, upsert, marker replace (If-Match)
        Assert.Equal([new DistrictCount("630102", "coverage", "fully_enrolled", 10)], await s.ReadDistrictStatisticsAsync());
    }

    [SkippableFact]
    public async Task A_lost_final_marker_write_is_redone_by_the_retry_without_counting_twice()
    {
        var s = Create();
        Assert.Equal(1, await s.ApplySurveyAsync([new(Id(1), "e1", new SurveyWorkItem(Id(1), "630102", "630102001", "lapsed"))]));
        // v2 moves the person to 630103: intent (1st replace of the marker), upsert, delete, then the final marker write fails.
        var puts = 0;
        _faults.Fail = r => To(r, "derived_applied", "PUT") && Interlocked.Increment(ref puts) == 2;
        var v2 = new Derived<SurveyWorkItem?>(Id(1), "e2", new SurveyWorkItem(Id(1), "630103", "630103002", "moved_in"));
        await Assert.ThrowsAsync<CosmosException>(() => s.ApplySurveyAsync([v2]));
        Assert.Equal(1, _faults.Injected);
        _faults.Fail = null;
        Assert.Equal(1, await s.ApplySurveyAsync([v2])); // the marker still holds e1: redone
        Assert.Equal(0, await s.ApplySurveyAsync([v2])); // now a replay
        Assert.Equal([new SurveyWorkItem(Id(1), "630103", "630103002", "moved_in")], await s.ReadSurveyWorkListAsync());
        Assert.Empty(await s.ReadSurveyWorkListAsync("630102"));
    }

    [SkippableFact]
    public async Task Consumer_restarted_after_the_derived_store_went_down_mid_page_equals_a_recomputation()
    {
        var derived = Create();
        var persons = new SqlitePersonStore(Path.Combine(_dir, "persons.db"));
        var ids = Enumerable.Range(1, 60).ToList();
        await persons.WriteChangedAsync(ids.Select(i => ChangeFeedConsumerContract.Rich(i)).ToList());
        await persons.WriteChangedAsync(ids.Where(i => i % 4 == 1).Select(i => ChangeFeedConsumerContract.Rich(i, "h2", CoverageStatus.NotEnrolled, "630199")).ToList());
        var parked = new SqliteDerivedDataStore(Path.Combine(_dir, "parked.db"));
        ChangeFeedConsumer Consumer(IParkedChanges p) => new(persons, new SqliteChangeFeedCheckpoint(Path.Combine(_dir, "persons.db")), p,
            DerivedDataHandlers.All(derived), new ChangeFeedConsumerOptions { PageSize = 20, RetryDelay = TimeSpan.Zero });

        // After 25 statistics documents every derived-data request fails, and parking fails too: the run "crashes".
        var upserts = 0;
        var down = false;
        _faults.Fail = r => down || (To(r, "district_statistics", "POST") && Interlocked.Increment(ref upserts) > 25 && (down = true));
        await Assert.ThrowsAsync<IOException>(() => Consumer(new DownParking(parked, () => down)).CatchUpAsync());
        Assert.True(_faults.Injected > 0);

        _faults.Fail = null;
        var result = await Consumer(parked).CatchUpAsync();
        Assert.Equal(0, result.Parked);
        Assert.Equal(result.Changes * 3, result.Applied + result.Skipped);
        Assert.True(result.Changes < 60, $"restart re-read {result.Changes} changes: it should resume after the checkpoint");
        var latest = new List<StoredPerson>();
        foreach (var i in ids) latest.Add((await persons.ReadAsync(Id(i)))!);
        await DerivedDataStoreContract.AssertEqualsRecomputationAsync(derived, latest);
        Assert.Contains(new DistrictCount("630199", "coverage", "not_enrolled", 15), await derived.ReadDistrictStatisticsAsync("630199"));
    }

    /// <summary>Parking that fails while the derived store is down (the consumer then throws, checkpoint unmoved).</summary>
    private sealed class DownParking(IParkedChanges inner, Func<bool> down) : IParkedChanges
    {
        public Task ParkAsync(ParkedChange parked, CancellationToken ct = default)
            => down() ? throw new IOException("derived store down") : inner.ParkAsync(parked, ct);

        public Task<IReadOnlyList<ParkedChange>> ReadParkedAsync(CancellationToken ct = default) => inner.ReadParkedAsync(ct);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
