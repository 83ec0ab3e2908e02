using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Canbao.Store.ChangeFeed;
using Microsoft.Azure.Cosmos;

namespace Canbao.Store.Cosmos;

/// <summary>
/// The change-feed consumer's parked list in Azure: documents in the district-view container under partition key
/// <c>parked:&lt;consumer&gt;</c> (beside the <c>person:&lt;id&gt;</c> pointer documents), one per (handler, person, ETag),
/// id = SHA-256 of those (hex), so parking again replaces it. Reading the list is a single-partition query.
/// </summary>
/// <param name="store">The store whose district-view container holds the list.</param>
/// <param name="consumer">The consumer whose list is read (<see cref="ChangeFeedConsumerOptions.Name"/>).</param>
public sealed class CosmosParkedChanges(CosmosPersonStore store, string consumer = "derived-data") : IParkedChanges
{
    /// <inheritdoc />
    public async Task ParkAsync(ParkedChange parked, CancellationToken ct = default)
    {
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{parked.Handler}|{parked.PersonId}|{parked.ETag}")));
        var doc = new Dictionary<string, object>
        {
            ["id"] = id, ["district_code"] = "parked:" + parked.Consumer, ["handler"] = parked.Handler, ["person_id"] = parked.PersonId,
            ["etag"] = parked.ETag, ["error"] = parked.Error, ["attempts"] = parked.Attempts, ["parked_at"] = parked.ParkedAt.UtcDateTime,
        };
        using var ms = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(doc, PersonJson.Options));
        using var r = await store.DistrictView.UpsertItemStreamAsync(ms, new PartitionKey("parked:" + parked.Consumer), cancellationToken: ct).ConfigureAwait(false);
        r.EnsureSuccessStatusCode();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ParkedChange>> ReadParkedAsync(CancellationToken ct = default)
    {
        var pk = "parked:" + consumer;
        var q = new QueryDefinition("SELECT * FROM c WHERE c.district_code = @pk").WithParameter("@pk", pk);
        using var it = store.DistrictView.GetItemQueryStreamIterator(q, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(pk) });
        var list = new List<ParkedChange>();
        while (it.HasMoreResults)
        {
            using var page = await it.ReadNextAsync(ct).ConfigureAwait(false);
            if (page.StatusCode == HttpStatusCode.NotFound) break;
            page.EnsureSuccessStatusCode();
            using var doc = await JsonDocument.ParseAsync(page.Content, cancellationToken: ct).ConfigureAwait(false);
            foreach (var e in doc.RootElement.GetProperty("Documents").EnumerateArray())
                list.Add(new ParkedChange(consumer, e.GetProperty("handler").GetString()!, e.GetProperty("person_id").GetString()!,
                    e.GetProperty("etag").GetString()!, e.GetProperty("error").GetString()!, e.GetProperty("attempts").GetInt32(),
                    e.GetProperty("parked_at").GetDateTimeOffset()));
        }
        return [.. list.OrderBy(p => p.ParkedAt)];
    }
}
