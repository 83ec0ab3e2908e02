using System.Net;
using System.Text.Json;
using Canbao.Store.ChangeFeed;
using Microsoft.Azure.Cosmos;

namespace Canbao.Store.Cosmos;

/// <summary>
/// Keeps the district view (partition key <c>/district_code</c>) current from the persons container's change feed, so
/// "persons of a district, optionally with a coverage status" is a single-partition query. For each changed person it
/// upserts <c>{ id, district_code, coverage, person }</c> into the person's district and, when the person moved, deletes
/// the entry in the old district; the district a person is listed under is kept in a pointer document
/// <c>{ id, district_code: "person:" + id, current }</c> in the same container (a point read per change). Idempotent:
/// projecting the same change twice leaves the same view (at-least-once delivery is safe). As an
/// <see cref="IChangeHandler"/> it is the handler the Azure change-feed consumer runs (<c>ChangeFeedTimer</c>).
/// </summary>
/// <param name="store">The store whose containers are projected.</param>
public sealed class DistrictViewProjector(CosmosPersonStore store) : IChangeHandler
{
    /// <inheritdoc />
    public string Name => "district_view";

    /// <inheritdoc />
    /// <remarks>Upserts cannot tell a replay from a first delivery, so every change counts as applied.</remarks>
    public async Task<int> HandleAsync(IReadOnlyList<StoredPerson> changes, CancellationToken ct = default)
    {
        await ProjectAsync(changes, ct).ConfigureAwait(false);
        return changes.Count;
    }

    /// <summary>Projects changed persons (from <see cref="CosmosPersonStore.ReadChangesAsync"/>) into the view.</summary>
    /// <exception cref="CosmosException">A write failed; the caller must not move its checkpoint past these changes.</exception>
    public async Task ProjectAsync(IEnumerable<StoredPerson> changes, CancellationToken ct = default)
    {
        var view = store.DistrictView;
        foreach (var change in changes)
        {
            var p = change.Person;
            var pointerPk = new PartitionKey("person:" + p.Id);
            string? previous = null;
            using (var r = await view.ReadItemStreamAsync(p.Id, pointerPk, cancellationToken: ct).ConfigureAwait(false))
            {
                if (r.IsSuccessStatusCode)
                {
                    using var doc = await JsonDocument.ParseAsync(r.Content, cancellationToken: ct).ConfigureAwait(false);
                    previous = doc.RootElement.GetProperty("current").GetString();
                }
                else if (r.StatusCode != HttpStatusCode.NotFound
                         && !(r.StatusCode == HttpStatusCode.InternalServerError && store.Options.MissingItemMayAnswer500))
                    r.EnsureSuccessStatusCode();
            }
            await UpsertAsync(view, new Dictionary<string, object>
            {
                ["id"] = p.Id, ["district_code"] = p.DistrictCode, ["coverage"] = PersonJson.CoverageKey(p.Coverage), ["person"] = p,
            }, new PartitionKey(p.DistrictCode), ct).ConfigureAwait(false);
            if (previous is not null && previous != p.DistrictCode)
            {
                using var d = await view.DeleteItemStreamAsync(p.Id, new PartitionKey(previous), cancellationToken: ct).ConfigureAwait(false);
                if (!d.IsSuccessStatusCode && d.StatusCode != HttpStatusCode.NotFound) d.EnsureSuccessStatusCode();
            }
            if (previous != p.DistrictCode)
                await UpsertAsync(view, new Dictionary<string, object>
                {
                    ["id"] = p.Id, ["district_code"] = "person:" + p.Id, ["current"] = p.DistrictCode,
                }, pointerPk, ct).ConfigureAwait(false);
        }
    }

    private static async Task UpsertAsync(Container c, Dictionary<string, object> doc, PartitionKey pk, CancellationToken ct)
    {
        using var ms = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(doc, PersonJson.Options));
        using var r = await c.UpsertItemStreamAsync(ms, pk, cancellationToken: ct).ConfigureAwait(false);
        r.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Reads the change feed from <paramref name="continuation"/> (null = beginning) and projects it, page by page;
    /// returns the continuation after the last projected page (store it as the checkpoint). A failure leaves the
    /// returned checkpoint unchanged for the failed page.
    /// </summary>
    public async Task<string?> CatchUpAsync(string? continuation, int pageSize = 500, CancellationToken ct = default)
    {
        while (true)
        {
            var page = await store.ReadChangesAsync(continuation, pageSize, ct).ConfigureAwait(false);
            if (page.Changes.Count == 0) return page.Continuation.Length == 0 ? continuation : page.Continuation;
            await ProjectAsync(page.Changes, ct).ConfigureAwait(false);
            continuation = page.Continuation;
        }
    }
}
