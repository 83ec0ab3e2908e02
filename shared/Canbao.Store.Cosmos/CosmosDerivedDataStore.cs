using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Canbao.Store.ChangeFeed;
using Microsoft.Azure.Cosmos;

namespace Canbao.Store.Cosmos;

/// <summary>
/// The change-feed consumer's derived data on Cosmos DB (the Azure counterpart of <c>SqliteDerivedDataStore</c>, same
/// results). Containers (names in <see cref="CosmosStoreOptions"/>):
/// <list type="bullet">
/// <item><c>district_statistics</c> by <c>/district_code</c>: <c>{ id: resident ID, district_code, coverage, insurances[], etag }</c>,
/// each person's contribution; a district's counts are computed from its partition on read.</item>
/// <item><c>survey_work_list</c> by <c>/district_code</c>: <c>{ id: resident ID, district_code, township_code, reason, etag }</c>.</item>
/// <item><c>department_lists</c> by <c>/department</c>: <c>{ id: resident ID + "-" + hash(feed, finding), department, feed_id,
/// person_id, name, finding, detail, etag }</c>.</item>
/// <item><c>derived_applied</c> by <c>/person_id</c>: the marker <c>{ id: handler, person_id, etag, docs: [{ pk, id }] }</c> (the
/// person version applied last and where the person's documents are), and under partition <c>catalog</c> one document
/// per handler listing the partitions (districts, departments) in use.</item>
/// </list>
/// Every write is a point write (upsert, delete, If-Match replace), every read a point read or a single-partition query
/// (reading everything = the catalog, then one query per district or department). Cosmos DB has no transaction across
/// partitions, so an apply is made idempotent and crash-safe by its order: (1) marker read — same ETag → skipped;
/// (2) the marker's document list is widened to include the new documents (If-Match); (3) the new documents are upserted;
/// (4) documents of the old version not in the new one are deleted; (5) the marker is set to the new ETag and documents.
/// A crash between any two steps leaves the old ETag in the marker, so the retry redoes (3)–(5): upserts and deletes are
/// idempotent and nothing is counted twice, also when the person moved district. Persons of one call are applied
/// concurrently (<see cref="Concurrency"/>); a failure throws after the others finished (the consumer retries, applied
/// ones are skipped).
/// </summary>
public sealed class CosmosDerivedDataStore : IDerivedDataStore
{
    private const string CatalogPartition = "catalog";
    private const string Statistics = "district_statistics";
    private const string Survey = "survey_work_list";
    private const string Lists = "department_lists";
    private readonly CosmosStoreOptions _options;
    private readonly Container _statistics, _survey, _lists, _applied;
    private readonly Dictionary<string, HashSet<string>> _catalogSeen = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _catalogLock = new(1, 1);
    private double _requestCharge;

    /// <summary>Wraps <paramref name="client"/>; containers named by <paramref name="options"/>.</summary>
    public CosmosDerivedDataStore(CosmosClient client, CosmosStoreOptions? options = null)
    {
        _options = options ?? new CosmosStoreOptions();
        Client = client;
        _statistics = client.GetContainer(_options.Database, _options.DistrictStatistics);
        _survey = client.GetContainer(_options.Database, _options.SurveyWorkList);
        _lists = client.GetContainer(_options.Database, _options.DepartmentLists);
        _applied = client.GetContainer(_options.Database, _options.DerivedApplied);
    }

    /// <summary>The client.</summary>
    public CosmosClient Client { get; }

    /// <summary>Persons applied at once within one call (default 16).</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>Request units consumed by this instance so far.</summary>
    public double TotalRequestCharge => Volatile.Read(ref _requestCharge);

    /// <summary>Creates the database and the four containers when missing (infra/modules/cosmos.bicep creates them in Azure).</summary>
    public async Task EnsureCreatedAsync(CancellationToken ct = default)
    {
        var db = (await Client.CreateDatabaseIfNotExistsAsync(_options.Database, cancellationToken: ct).ConfigureAwait(false)).Database;
        await db.CreateContainerIfNotExistsAsync(_options.DistrictStatistics, "/district_code", cancellationToken: ct).ConfigureAwait(false);
        await db.CreateContainerIfNotExistsAsync(_options.SurveyWorkList, "/district_code", cancellationToken: ct).ConfigureAwait(false);
        await db.CreateContainerIfNotExistsAsync(_options.DepartmentLists, "/department", cancellationToken: ct).ConfigureAwait(false);
        await db.CreateContainerIfNotExistsAsync(_options.DerivedApplied, "/person_id", cancellationToken: ct).ConfigureAwait(false);
    }

    /// <summary>One derived document: its partition key value, id and body.</summary>
    private sealed record Doc(string Pk, string Id, JsonObject Body);

    /// <summary>A handler's marker for one person: the version applied, where its documents are, the marker's own ETag.</summary>
    private sealed record Marker(string AppliedETag, List<(string Pk, string Id)> Docs, string CosmosETag);

    /// <inheritdoc />
    public Task<int> ApplyStatisticsAsync(IReadOnlyList<Derived<StatisticsContribution>> items, CancellationToken ct = default)
        => ApplyAsync(Statistics, _statistics, items, item => [new Doc(item.Value.DistrictCode, item.PersonId, new JsonObject
        {
            ["id"] = item.PersonId, ["district_code"] = item.Value.DistrictCode, ["coverage"] = item.Value.Coverage,
            ["insurances"] = new JsonArray([.. item.Value.PayingInsurances.Select(i => (JsonNode?)JsonValue.Create(i))]), ["etag"] = item.ETag,
        })], ct);

    /// <inheritdoc />
    public Task<int> ApplySurveyAsync(IReadOnlyList<Derived<SurveyWorkItem?>> items, CancellationToken ct = default)
        => ApplyAsync(Survey, _survey, items, item => item.Value is not { } w ? [] : [new Doc(w.DistrictCode, item.PersonId, new JsonObject
        {
            ["id"] = item.PersonId, ["district_code"] = w.DistrictCode, ["township_code"] = w.TownshipCode, ["reason"] = w.Reason, ["etag"] = item.ETag,
        })], ct);

    /// <inheritdoc />
    public Task<int> ApplyDepartmentListsAsync(IReadOnlyList<Derived<IReadOnlyList<DepartmentListEntry>>> items, CancellationToken ct = default)
        => ApplyAsync(Lists, _lists, items, item => [.. item.Value.Select(e =>
        {
            var id = item.PersonId + "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(e.FeedId + "|" + e.Finding)))[..16];
            return new Doc(e.Department, id, new JsonObject
            {
                ["id"] = id, ["department"] = e.Department, ["feed_id"] = e.FeedId, ["person_id"] = item.PersonId, ["name"] = e.Name,
                ["finding"] = e.Finding, ["detail"] = e.Detail, ["etag"] = item.ETag,
            });
        }).GroupBy(d => d.Id).Select(g => g.Last())], ct);

    private async Task<int> ApplyAsync<T>(string handler, Container target, IReadOnlyList<Derived<T>> items, Func<Derived<T>, IReadOnlyList<Doc>> docsOf,
        CancellationToken ct)
    {
        var applied = 0;
        var errors = new List<Exception>();
        // One person's versions stay in order; different persons run concurrently.
        var groups = items.GroupBy(i => i.PersonId, StringComparer.Ordinal).ToList();
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Concurrency), CancellationToken = ct }, async (group, token) =>
        {
            try
            {
                foreach (var item in group)
                    if (await ApplyOneAsync(handler, target, item.PersonId, item.ETag, docsOf(item), token).ConfigureAwait(false))
                        Interlocked.Increment(ref applied);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                lock (errors) errors.Add(ex);
            }
        }).ConfigureAwait(false);
        if (errors.Count == 1) throw errors[0];
        if (errors.Count > 1) throw new AggregateException($"{errors.Count} of {groups.Count} persons failed in {handler}", errors);
        return applied;
    }

    private async Task<bool> ApplyOneAsync(string handler, Container target, string personId, string etag, IReadOnlyList<Doc> docs, CancellationToken ct)
    {
        var marker = await ReadMarkerAsync(handler, personId, ct).ConfigureAwait(false);
        if (marker?.AppliedETag == etag) return false;
        var old = marker?.Docs ?? [];
        var next = docs.Select(d => (d.Pk, d.Id)).ToList();
        await EnsureCatalogAsync(handler, next.Select(d => d.Pk), ct).ConfigureAwait(false);
        var markerETag = marker?.CosmosETag;
        if (next.Except(old).Any())
            markerETag = await WriteMarkerAsync(handler, personId, marker?.AppliedETag ?? "", [.. old.Union(next)], markerETag, ct).ConfigureAwait(false);
        foreach (var d in docs)
        {
            using var body = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(d.Body));
            using var r = await target.UpsertItemStreamAsync(body, new PartitionKey(d.Pk), cancellationToken: ct).ConfigureAwait(false);
            Charge(r.Headers.RequestCharge);
            Check(r, personId);
        }
        foreach (var (pk, id) in old.Except(next))
        {
            using var r = await target.DeleteItemStreamAsync(id, new PartitionKey(pk), cancellationToken: ct).ConfigureAwait(false);
            Charge(r.Headers.RequestCharge);
            if (!IsMissing(r)) Check(r, personId);
        }
        await WriteMarkerAsync(handler, personId, etag, next, markerETag, ct).ConfigureAwait(false);
        return true;
    }

    private async Task<Marker?> ReadMarkerAsync(string handler, string personId, CancellationToken ct)
    {
        var (doc, cosmosETag) = await PointReadAsync(handler, personId, ct).ConfigureAwait(false);
        if (doc is not { } m) return null;
        var docs = m.GetProperty("docs").EnumerateArray().Select(d => (d.GetProperty("pk").GetString()!, d.GetProperty("id").GetString()!)).ToList();
        return new Marker(m.GetProperty("etag").GetString()!, docs, cosmosETag);
    }

    /// <summary>Writes the marker: If-Match on its previous ETag (create when there was none); 412/409 = another consumer
    /// is applying the same person: throws, the consumer retries.</summary>
    private async Task<string> WriteMarkerAsync(string handler, string personId, string appliedETag, List<(string Pk, string Id)> docs,
        string? ifMatch, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["id"] = handler, ["person_id"] = personId, ["etag"] = appliedETag,
            ["docs"] = new JsonArray([.. docs.Select(d => (JsonNode?)new JsonObject { ["pk"] = d.Pk, ["id"] = d.Id })]),
        };
        using var ms = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(body));
        using var r = ifMatch is null
            ? await _applied.CreateItemStreamAsync(ms, new PartitionKey(personId), cancellationToken: ct).ConfigureAwait(false)
            : await _applied.ReplaceItemStreamAsync(ms, handler, new PartitionKey(personId), new ItemRequestOptions { IfMatchEtag = ifMatch }, ct).ConfigureAwait(false);
        Charge(r.Headers.RequestCharge);
        Check(r, personId);
        return r.Headers.ETag;
    }

    /// <summary>Adds partitions to the handler's catalog document (read, union, If-Match replace; retried on a race).</summary>
    private async Task EnsureCatalogAsync(string handler, IEnumerable<string> partitions, CancellationToken ct)
    {
        var wanted = partitions.ToHashSet(StringComparer.Ordinal);
        if (wanted.Count == 0) return;
        await _catalogLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_catalogSeen.TryGetValue(handler, out var seen) && wanted.IsSubsetOf(seen)) return;
            for (var attempt = 1; ; attempt++)
            {
                var (doc, cosmosETag) = await PointReadAsync(handler, CatalogPartition, ct).ConfigureAwait(false);
                var all = doc is { } d ? d.GetProperty("partitions").EnumerateArray().Select(p => p.GetString()!).ToHashSet(StringComparer.Ordinal)
                    : new HashSet<string>(StringComparer.Ordinal);
                if (!wanted.IsSubsetOf(all))
                {
                    all.UnionWith(wanted);
                    var body = new JsonObject
                    {
                        ["id"] = handler, ["person_id"] = CatalogPartition,
                        ["partitions"] = new JsonArray([.. all.Order(StringComparer.Ordinal).Select(p => (JsonNode?)JsonValue.Create(p))]),
                    };
                    using var ms = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(body));
                    using var r = doc is null
                        ? await _applied.CreateItemStreamAsync(ms, new PartitionKey(CatalogPartition), cancellationToken: ct).ConfigureAwait(false)
                        : await _applied.ReplaceItemStreamAsync(ms, handler, new PartitionKey(CatalogPartition), new ItemRequestOptions { IfMatchEtag = cosmosETag }, ct).ConfigureAwait(false);
                    Charge(r.Headers.RequestCharge);
                    if ((r.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict) && attempt < 10) continue;
                    Check(r, null);
                }
                _catalogSeen[handler] = all;
                return;
            }
        }
        finally
        {
            _catalogLock.Release();
        }
    }

    /// <summary>The partitions (districts or departments) a handler has written to, ordered.</summary>
    private async Task<IReadOnlyList<string>> CatalogAsync(string handler, CancellationToken ct)
    {
        var (doc, _) = await PointReadAsync(handler, CatalogPartition, ct).ConfigureAwait(false);
        return doc is { } d ? [.. d.GetProperty("partitions").EnumerateArray().Select(p => p.GetString()!).Order(StringComparer.Ordinal)] : [];
    }

    /// <inheritdoc />
    /// <remarks>One single-partition query per district in the catalog.</remarks>
    public async Task<IReadOnlyList<DistrictCount>> ReadDistrictStatisticsAsync(CancellationToken ct = default)
    {
        var all = new List<DistrictCount>();
        foreach (var district in await CatalogAsync(Statistics, ct).ConfigureAwait(false))
            all.AddRange(await ReadDistrictStatisticsAsync(district, ct).ConfigureAwait(false));
        return all;
    }

    /// <summary>The counts of one district (single-partition query over its contribution documents), ordered by
    /// dimension and key; districts and keys without persons are absent.</summary>
    public async Task<IReadOnlyList<DistrictCount>> ReadDistrictStatisticsAsync(string districtCode, CancellationToken ct = default)
    {
        var counts = new Dictionary<(string Dimension, string Key), long>();
        void Add(string dimension, string key) => counts[(dimension, key)] = counts.GetValueOrDefault((dimension, key)) + 1;
        foreach (var d in await QueryPartitionAsync(_statistics, "district_code", districtCode, ct).ConfigureAwait(false))
        {
            Add("coverage", d.GetProperty("coverage").GetString()!);
            foreach (var i in d.GetProperty("insurances").EnumerateArray()) Add("insurance", i.GetString()!);
        }
        return [.. counts.OrderBy(c => c.Key.Dimension, StringComparer.Ordinal).ThenBy(c => c.Key.Key, StringComparer.Ordinal)
            .Select(c => new DistrictCount(districtCode, c.Key.Dimension, c.Key.Key, c.Value))];
    }

    /// <inheritdoc />
    /// <remarks>One single-partition query per district in the catalog.</remarks>
    public async Task<IReadOnlyList<SurveyWorkItem>> ReadSurveyWorkListAsync(CancellationToken ct = default)
    {
        var all = new List<SurveyWorkItem>();
        foreach (var district in await CatalogAsync(Survey, ct).ConfigureAwait(false))
            all.AddRange(await ReadSurveyWorkListAsync(district, ct).ConfigureAwait(false));
        return [.. all.OrderBy(w => w.TownshipCode, StringComparer.Ordinal).ThenBy(w => w.PersonId, StringComparer.Ordinal)];
    }

    /// <summary>The survey work list of one district (single-partition query), ordered by township then resident ID.</summary>
    public async Task<IReadOnlyList<SurveyWorkItem>> ReadSurveyWorkListAsync(string districtCode, CancellationToken ct = default)
        => [.. (await QueryPartitionAsync(_survey, "district_code", districtCode, ct).ConfigureAwait(false))
            .Select(d => new SurveyWorkItem(d.GetProperty("id").GetString()!, districtCode, d.GetProperty("township_code").GetString()!, d.GetProperty("reason").GetString()!))
            .OrderBy(w => w.TownshipCode, StringComparer.Ordinal).ThenBy(w => w.PersonId, StringComparer.Ordinal)];

    /// <inheritdoc />
    /// <remarks>One single-partition query per department in the catalog.</remarks>
    public async Task<IReadOnlyList<DepartmentListEntry>> ReadDepartmentListsAsync(CancellationToken ct = default)
    {
        var all = new List<DepartmentListEntry>();
        foreach (var department in await CatalogAsync(Lists, ct).ConfigureAwait(false))
            all.AddRange(await ReadDepartmentListAsync(department, ct).ConfigureAwait(false));
        return all;
    }

    /// <summary>The list of one department (single-partition query), ordered by feed, resident ID, finding.</summary>
    public async Task<IReadOnlyList<DepartmentListEntry>> ReadDepartmentListAsync(string department, CancellationToken ct = default)
        => [.. (await QueryPartitionAsync(_lists, "department", department, ct).ConfigureAwait(false))
            .Select(d => new DepartmentListEntry(department, d.GetProperty("feed_id").GetString()!, d.GetProperty("person_id").GetString()!,
                d.GetProperty("name").GetString()!, d.GetProperty("finding").GetString()!, d.GetProperty("detail").GetString()!))
            .OrderBy(e => e.FeedId, StringComparer.Ordinal).ThenBy(e => e.PersonId, StringComparer.Ordinal).ThenBy(e => e.Finding, StringComparer.Ordinal)];

    /// <summary>Point read in the markers container: (document, its ETag) or (null, "") when missing. On the stand-in a
    /// 500 for a missing item is confirmed with a single-partition query (<see cref="CosmosStoreOptions.MissingItemMayAnswer500"/>).</summary>
    private async Task<(JsonElement? Doc, string ETag)> PointReadAsync(string id, string pk, CancellationToken ct)
    {
        using var r = await _applied.ReadItemStreamAsync(id, new PartitionKey(pk), cancellationToken: ct).ConfigureAwait(false);
        Charge(r.Headers.RequestCharge);
        if (r.StatusCode == HttpStatusCode.NotFound) return (null, "");
        if (r.StatusCode == HttpStatusCode.InternalServerError && _options.MissingItemMayAnswer500)
        {
            var found = (await QueryPartitionAsync(_applied, "person_id", pk, ct).ConfigureAwait(false)).FirstOrDefault(d => d.GetProperty("id").GetString() == id);
            return found.ValueKind == JsonValueKind.Undefined ? (null, "") : (found, found.GetProperty("_etag").GetString()!);
        }
        Check(r, null);
        using var doc = await JsonDocument.ParseAsync(r.Content, cancellationToken: ct).ConfigureAwait(false);
        return (doc.RootElement.Clone(), r.Headers.ETag);
    }

    /// <summary>All documents of one partition: <c>SELECT * FROM c WHERE c.&lt;pk&gt; = @v</c> with the partition key set.</summary>
    private async Task<List<JsonElement>> QueryPartitionAsync(Container c, string pkField, string value, CancellationToken ct)
    {
        var q = new QueryDefinition($"SELECT * FROM c WHERE c.{pkField} = @v").WithParameter("@v", value);
        using var it = c.GetItemQueryStreamIterator(q, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(value) });
        var list = new List<JsonElement>();
        while (it.HasMoreResults)
        {
            using var page = await it.ReadNextAsync(ct).ConfigureAwait(false);
            Charge(page.Headers.RequestCharge);
            if (page.StatusCode == HttpStatusCode.NotFound) break;
            Check(page, null);
            using var doc = await JsonDocument.ParseAsync(page.Content, cancellationToken: ct).ConfigureAwait(false);
            foreach (var e in doc.RootElement.GetProperty("Documents").EnumerateArray()) list.Add(e.Clone());
        }
        return list;
    }

    /// <summary>A delete of a document that is not there (404; 500 on the stand-in) counts as done.</summary>
    private bool IsMissing(ResponseMessage r)
        => r.StatusCode == HttpStatusCode.NotFound || (r.StatusCode == HttpStatusCode.InternalServerError && _options.MissingItemMayAnswer500);

    /// <summary>Throws a <see cref="CosmosException"/> (resident ID masked) unless the response is a success.</summary>
    private static void Check(ResponseMessage r, string? personId)
    {
        if (r.IsSuccessStatusCode) return;
        var who = personId is null ? "" : " for person " + Domain.Identifiers.ResidentId.Mask(personId);
        throw new CosmosException($"Cosmos DB answered {(int)r.StatusCode} (derived data){who}", r.StatusCode,
            int.TryParse(r.Headers["x-ms-substatus"], out var sub) ? sub : 0, r.Headers.ActivityId, r.Headers.RequestCharge);
    }

    private void Charge(double ru)
    {
        double seen, next;
        do { seen = _requestCharge; next = seen + ru; }
        while (Interlocked.CompareExchange(ref _requestCharge, next, seen) != seen);
    }
}
