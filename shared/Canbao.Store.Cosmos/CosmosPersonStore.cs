using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Canbao.Domain.Changes;
using Canbao.Domain.Persons;
using Microsoft.Azure.Cosmos;

namespace Canbao.Store.Cosmos;

/// <summary>
/// <see cref="IPersonStore"/> on Azure Cosmos DB (NoSQL API). Partition keys (see <see cref="CosmosStoreOptions"/>):
/// persons by <c>/id</c> (point reads and If-Match replaces), the district view by <c>/district_code</c> (single-partition
/// queries; maintained from the change feed by <see cref="DistrictViewProjector"/>), applied events by <c>/person_id</c>.
/// A person document is an envelope <c>{ id, district_code, township_code, coverage, content_hash, person, dynamics }</c>
/// whose <c>person</c> and <c>dynamics</c> are the snake_case <see cref="PersonJson"/> forms. All calls use the stream
/// API and check every status code: 404 → not found, 409 → exists, 412 → <see cref="ETagConflictException"/>.
/// </summary>
public sealed partial class CosmosPersonStore : IPersonStore
{
    private readonly CosmosStoreOptions _options;
    private readonly Container _persons;
    private readonly Container _districts;
    private readonly Container _events;
    private double _requestCharge;

    /// <summary>Wraps <paramref name="client"/> (create it with <see cref="CreateClient"/>).</summary>
    public CosmosPersonStore(CosmosClient client, CosmosStoreOptions? options = null)
    {
        _options = options ?? new CosmosStoreOptions();
        Client = client;
        _persons = client.GetContainer(_options.Database, _options.Persons);
        _districts = client.GetContainer(_options.Database, _options.Districts);
        _events = client.GetContainer(_options.Database, _options.Events);
    }

    /// <summary>The options in use.</summary>
    public CosmosStoreOptions Options => _options;

    /// <summary>The client.</summary>
    public CosmosClient Client { get; }

    /// <summary>Request units consumed by this instance so far (every response's charge, retries included).</summary>
    public double TotalRequestCharge => Volatile.Read(ref _requestCharge);

    /// <summary>The district view container (partition key <c>/district_code</c>).</summary>
    public Container DistrictView => _districts;

    /// <summary>The persons container (partition key <c>/id</c>); its change feed drives the projections.</summary>
    public Container Persons => _persons;

    /// <summary>
    /// A client for this store: System.Text.Json with <see cref="PersonJson.Options"/> (so patch values are snake_case),
    /// <paramref name="bulk"/> = bulk execution (for rounds). <paramref name="configure"/> may adjust further options
    /// (e.g. gateway mode and an HTTP handler for a local stand-in).
    /// </summary>
    public static CosmosClient CreateClient(string connectionString, bool bulk, Action<CosmosClientOptions>? configure = null)
    {
        var o = new CosmosClientOptions
        {
            AllowBulkExecution = bulk,
            UseSystemTextJsonSerializerWithOptions = PersonJson.Options,
        };
        configure?.Invoke(o);
        return new CosmosClient(connectionString, o);
    }

    /// <summary>Creates the database and the three containers when missing.</summary>
    public async Task EnsureCreatedAsync(CancellationToken ct = default)
    {
        var db = (await Client.CreateDatabaseIfNotExistsAsync(_options.Database, cancellationToken: ct).ConfigureAwait(false)).Database;
        await db.CreateContainerIfNotExistsAsync(_options.Persons, "/id", cancellationToken: ct).ConfigureAwait(false);
        await db.CreateContainerIfNotExistsAsync(_options.Districts, "/district_code", cancellationToken: ct).ConfigureAwait(false);
        await db.CreateContainerIfNotExistsAsync(_options.Events, "/person_id", cancellationToken: ct).ConfigureAwait(false);
    }

    private void Charge(ResponseMessage r) => Charge(r.Headers.RequestCharge);

    private void Charge(double ru)
    {
        double seen, next;
        do { seen = _requestCharge; next = seen + ru; }
        while (Interlocked.CompareExchange(ref _requestCharge, next, seen) != seen);
    }

    /// <inheritdoc />
    public async Task<StoredPerson?> ReadAsync(string id, CancellationToken ct = default)
    {
        using var r = await _persons.ReadItemStreamAsync(id, new PartitionKey(id), cancellationToken: ct).ConfigureAwait(false);
        Charge(r);
        if (r.StatusCode == HttpStatusCode.NotFound) return null;
        if (r.StatusCode == HttpStatusCode.InternalServerError && _options.MissingItemMayAnswer500)
            return await QueryByIdAsync(id, ct).ConfigureAwait(false);
        EnsureOk(r, id);
        using var doc = await JsonDocument.ParseAsync(r.Content, cancellationToken: ct).ConfigureAwait(false);
        return ParseEnvelope(doc.RootElement, r.Headers.ETag);
    }

    /// <inheritdoc />
    /// <remarks>ReadMany (one request per partition key range) per 1,000 IDs; each document's ETag from its <c>_etag</c>.</remarks>
    public async Task<IReadOnlyDictionary<string, StoredPerson>> ReadManyAsync(IReadOnlyCollection<string> ids, CancellationToken ct = default)
    {
        var found = new Dictionary<string, StoredPerson>(StringComparer.Ordinal);
        foreach (var batch in ids.Chunk(1000))
        {
            using var r = await _persons.ReadManyItemsStreamAsync(batch.Select(id => (id, new PartitionKey(id))).ToList(), cancellationToken: ct).ConfigureAwait(false);
            Charge(r);
            EnsureOk(r, null);
            using var doc = await JsonDocument.ParseAsync(r.Content, cancellationToken: ct).ConfigureAwait(false);
            foreach (var item in doc.RootElement.GetProperty("Documents").EnumerateArray())
            {
                var stored = ParseEnvelope(item);
                found[stored.Person.Id] = stored;
            }
        }
        return found;
    }

    private async Task<StoredPerson?> QueryByIdAsync(string id, CancellationToken ct)
    {
        var q = new QueryDefinition("SELECT * FROM c WHERE c.id = @id").WithParameter("@id", id);
        using var it = _persons.GetItemQueryStreamIterator(q, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(id) });
        while (it.HasMoreResults)
        {
            using var page = await it.ReadNextAsync(ct).ConfigureAwait(false);
            Charge(page);
            EnsureOk(page, id);
            using var doc = await JsonDocument.ParseAsync(page.Content, cancellationToken: ct).ConfigureAwait(false);
            foreach (var item in doc.RootElement.GetProperty("Documents").EnumerateArray())
                return ParseEnvelope(item);
        }
        return null;
    }

    /// <summary>Parses a person envelope; the ETag from <paramref name="etag"/> or the document's <c>_etag</c>.</summary>
    internal static StoredPerson ParseEnvelope(JsonElement root, string? etag = null)
    {
        var person = root.GetProperty("person").Deserialize<PersonRecord>(PersonJson.Options) ?? throw new JsonException("null person");
        var dynamics = root.TryGetProperty("dynamics", out var d) && d.ValueKind == JsonValueKind.Object
            ? d.Deserialize<PersonDynamics>(PersonJson.Options) ?? new PersonDynamics()
            : new PersonDynamics();
        return new StoredPerson(person, dynamics, etag ?? root.GetProperty("_etag").GetString() ?? "");
    }

    private static MemoryStream Envelope(PersonRecord p, PersonDynamics? dynamics)
    {
        var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteString("id", p.Id);
            w.WriteString("district_code", p.DistrictCode);
            w.WriteString("township_code", p.TownshipCode);
            w.WriteString("coverage", PersonJson.CoverageKey(p.Coverage));
            w.WriteString("content_hash", p.ContentHash);
            w.WritePropertyName("person");
            JsonSerializer.Serialize(w, p, PersonJson.Options);
            if (dynamics is not null)
            {
                w.WritePropertyName("dynamics");
                JsonSerializer.Serialize(w, dynamics, PersonJson.Options);
            }
            w.WriteEndObject();
        }
        ms.Position = 0;
        return ms;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<PersonRecord> QueryDistrictAsync(string districtCode, CoverageStatus? coverage = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        var q = new QueryDefinition(coverage is null
                ? "SELECT * FROM c WHERE c.district_code = @d"
                : "SELECT * FROM c WHERE c.district_code = @d AND c.coverage = @c")
            .WithParameter("@d", districtCode);
        if (coverage is { } cov) q = q.WithParameter("@c", PersonJson.CoverageKey(cov));
        using var it = _districts.GetItemQueryStreamIterator(q, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(districtCode) });
        while (it.HasMoreResults)
        {
            using var page = await it.ReadNextAsync(ct).ConfigureAwait(false);
            Charge(page);
            EnsureOk(page, null);
            using var doc = await JsonDocument.ParseAsync(page.Content, cancellationToken: ct).ConfigureAwait(false);
            foreach (var item in doc.RootElement.GetProperty("Documents").EnumerateArray())
                yield return item.GetProperty("person").Deserialize<PersonRecord>(PersonJson.Options)!;
        }
    }

    /// <inheritdoc />
    public async Task<string> CreateAsync(PersonRecord person, PersonDynamics dynamics, CancellationToken ct = default)
    {
        using var body = Envelope(person, dynamics);
        using var r = await _persons.CreateItemStreamAsync(body, new PartitionKey(person.Id), cancellationToken: ct).ConfigureAwait(false);
        Charge(r);
        if (r.StatusCode == HttpStatusCode.Conflict) throw new PersonAlreadyExistsException(person.Id);
        EnsureOk(r, person.Id);
        return r.Headers.ETag;
    }

    /// <inheritdoc />
    /// <remarks>ReplaceItem with <c>IfMatchEtag</c> — never an upsert, which would create a missing document (case 20,
    /// azure-cosmos-dotnet-v3 #1698).</remarks>
    public async Task<string> ReplaceAsync(PersonRecord person, PersonDynamics dynamics, string ifMatchETag, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ifMatchETag);
        using var body = Envelope(person, dynamics);
        using var r = await _persons.ReplaceItemStreamAsync(body, person.Id, new PartitionKey(person.Id),
            new ItemRequestOptions { IfMatchEtag = ifMatchETag }, ct).ConfigureAwait(false);
        Charge(r);
        if (r.StatusCode == HttpStatusCode.PreconditionFailed) throw new ETagConflictException(person.Id);
        if (r.StatusCode == HttpStatusCode.NotFound) throw new PersonNotFoundException(person.Id);
        EnsureOk(r, person.Id);
        return r.Headers.ETag;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Per person one conditional Patch (set person, district_code, township_code, coverage, content_hash; filter
    /// <c>c.content_hash != hash</c>): 200 = written, 412 = unchanged (same hash), 404 = Create (201 written; 409 = created
    /// meanwhile, patch again). The stored dynamics are kept. 429 is retried after the response's RetryAfter until
    /// <see cref="CosmosStoreOptions.RetryDeadline"/>; any other status counts the person failed with that status. With a
    /// bulk-mode client the SDK packs the calls into batches. Re-running after a partial failure writes only what is
    /// missing: persons already written answer 412.
    /// </remarks>
    public async Task<BulkWriteResult> WriteChangedAsync(IReadOnlyCollection<PersonRecord> persons, CancellationToken ct = default)
    {
        int written = 0, unchanged = 0;
        double ru = 0;
        var failures = new System.Collections.Concurrent.ConcurrentBag<BulkFailure>();
        using var gate = new SemaphoreSlim(_options.BulkConcurrency);
        var tasks = new List<Task>(persons.Count);
        foreach (var p in persons)
        {
            await gate.WaitAsync(ct).ConfigureAwait(false);
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    var (outcome, charge, reason) = await WriteOneAsync(p, ct).ConfigureAwait(false);
                    lock (failures) ru += charge;
                    if (outcome == 1) Interlocked.Increment(ref written);
                    else if (outcome == 0) Interlocked.Increment(ref unchanged);
                    else failures.Add(new BulkFailure(p.Id, reason!));
                }
                catch (Exception ex) when (ex is CosmosException or HttpRequestException or TaskCanceledException)
                {
                    failures.Add(new BulkFailure(p.Id, ex.GetType().Name));
                }
                finally { gate.Release(); }
            }, ct));
        }
        await Task.WhenAll(tasks).ConfigureAwait(false);
        Charge(ru);
        return new BulkWriteResult(written, unchanged, failures.Count, ru, failures.ToList());
    }

    [GeneratedRegex("^[A-Za-z0-9+/=_:.-]*$")]
    private static partial Regex SafeHash();

    /// <returns>outcome 1 written, 0 unchanged, -1 failed (with reason); request charge of all attempts.</returns>
    private async Task<(int Outcome, double Charge, string? Reason)> WriteOneAsync(PersonRecord p, CancellationToken ct)
    {
        if (!SafeHash().IsMatch(p.ContentHash)) return (-1, 0, "content hash has characters outside [A-Za-z0-9+/=_:.-]");
        var deadline = DateTime.UtcNow + _options.RetryDeadline;
        double charge = 0;
        var pk = new PartitionKey(p.Id);
        var ops = new[]
        {
            PatchOperation.Set("/person", p),
            PatchOperation.Set("/district_code", p.DistrictCode),
            PatchOperation.Set("/township_code", p.TownshipCode),
            PatchOperation.Set("/coverage", PersonJson.CoverageKey(p.Coverage)),
            PatchOperation.Set("/content_hash", p.ContentHash),
        };
        var patchOptions = new PatchItemRequestOptions
        {
            FilterPredicate = p.ContentHash.Length == 0 ? null : $"FROM c WHERE c.content_hash != '{p.ContentHash}'",
        };
        while (true)
        {
            HttpStatusCode status;
            TimeSpan? retryAfter;
            using (var r = await _persons.PatchItemStreamAsync(p.Id, pk, ops, patchOptions, ct).ConfigureAwait(false))
            {
                charge += r.Headers.RequestCharge;
                status = r.StatusCode; retryAfter = RetryAfter(r);
            }
            if (status == HttpStatusCode.OK) return (1, charge, null);
            if (status == HttpStatusCode.PreconditionFailed) return (0, charge, null);
            if (status == HttpStatusCode.NotFound)
            {
                using var body = Envelope(p, null);
                using var c = await _persons.CreateItemStreamAsync(body, pk, cancellationToken: ct).ConfigureAwait(false);
                charge += c.Headers.RequestCharge;
                if (c.StatusCode == HttpStatusCode.Created) return (1, charge, null);
                if (c.StatusCode == HttpStatusCode.Conflict) continue;
                status = c.StatusCode; retryAfter = RetryAfter(c);
            }
            if (status != HttpStatusCode.TooManyRequests) return (-1, charge, $"status {(int)status}");
            var wait = retryAfter ?? TimeSpan.FromMilliseconds(100);
            if (DateTime.UtcNow + wait > deadline) return (-1, charge, "429 until deadline");
            await Task.Delay(wait, ct).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    /// <remarks>Pull model, latest-version mode, on the persons container; the continuation is the SDK's token.
    /// Not available on the @vercel/cosmosdb-server stand-in.</remarks>
    public async Task<ChangeFeedPage> ReadChangesAsync(string? continuation, int maxItems, CancellationToken ct = default)
    {
        var start = continuation is null ? ChangeFeedStartFrom.Beginning() : ChangeFeedStartFrom.ContinuationToken(continuation);
        using var it = _persons.GetChangeFeedStreamIterator(start, ChangeFeedMode.LatestVersion, new ChangeFeedRequestOptions { PageSizeHint = maxItems });
        var list = new List<StoredPerson>();
        var token = continuation;
        while (it.HasMoreResults && list.Count < maxItems)
        {
            using var page = await it.ReadNextAsync(ct).ConfigureAwait(false);
            Charge(page);
            token = page.ContinuationToken ?? token;
            if (page.StatusCode == HttpStatusCode.NotModified) break;
            EnsureOk(page, null);
            using var doc = await JsonDocument.ParseAsync(page.Content, cancellationToken: ct).ConfigureAwait(false);
            foreach (var item in doc.RootElement.GetProperty("Documents").EnumerateArray())
                list.Add(ParseEnvelope(item));
        }
        return new ChangeFeedPage(list, token ?? "");
    }

    /// <inheritdoc />
    public async Task<bool> LogEventAsync(EventLogEntry entry, CancellationToken ct = default)
    {
        var ms = new MemoryStream();
        await using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteString("id", entry.EventId);
            w.WriteString("person_id", entry.PersonId);
            w.WriteString("kind", entry.Kind.ToString());
            w.WriteString("event_date", entry.EventDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("source", entry.Source);
            w.WriteString("outcome", entry.Outcome.ToString());
            w.WriteString("applied_at", entry.AppliedAt.UtcDateTime);
            w.WriteEndObject();
        }
        ms.Position = 0;
        using var r = await _events.CreateItemStreamAsync(ms, new PartitionKey(entry.PersonId), cancellationToken: ct).ConfigureAwait(false);
        Charge(r);
        if (r.StatusCode == HttpStatusCode.Conflict) return false;
        EnsureOk(r, entry.PersonId);
        return true;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<EventLogEntry>> ReadEventLogAsync(string personId, CancellationToken ct = default)
    {
        var q = new QueryDefinition("SELECT * FROM c WHERE c.person_id = @p").WithParameter("@p", personId);
        using var it = _events.GetItemQueryStreamIterator(q, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(personId) });
        var list = new List<EventLogEntry>();
        while (it.HasMoreResults)
        {
            using var page = await it.ReadNextAsync(ct).ConfigureAwait(false);
            Charge(page);
            EnsureOk(page, personId);
            using var doc = await JsonDocument.ParseAsync(page.Content, cancellationToken: ct).ConfigureAwait(false);
            foreach (var e in doc.RootElement.GetProperty("Documents").EnumerateArray())
                list.Add(new EventLogEntry(personId, e.GetProperty("id").GetString()!,
                    Enum.Parse<ChangeEventKind>(e.GetProperty("kind").GetString()!),
                    DateOnly.ParseExact(e.GetProperty("event_date").GetString()!, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    e.GetProperty("source").GetString()!, Enum.Parse<ChangeOutcome>(e.GetProperty("outcome").GetString()!),
                    e.GetProperty("applied_at").GetDateTimeOffset()));
        }
        return list.OrderBy(e => e.AppliedAt).ThenBy(e => e.EventId, StringComparer.Ordinal).ToList();
    }

    /// <summary>The wait a 429 asks for (<c>x-ms-retry-after-ms</c>), or null.</summary>
    private static TimeSpan? RetryAfter(ResponseMessage r)
        => double.TryParse(r.Headers["x-ms-retry-after-ms"], System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out var ms) ? TimeSpan.FromMilliseconds(ms) : null;

    private static void EnsureOk(ResponseMessage r, string? personId)
    {
        if (r.IsSuccessStatusCode) return;
        var who = personId is null ? "" : " for person " + Domain.Identifiers.ResidentId.Mask(personId);
        throw new CosmosException($"Cosmos DB answered {(int)r.StatusCode}{who}", r.StatusCode, int.TryParse(r.Headers["x-ms-substatus"], out var sub) ? sub : 0,
            r.Headers.ActivityId, r.Headers.RequestCharge);
    }
}
