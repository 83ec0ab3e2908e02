using Canbao.Domain.Standard;

namespace Canbao.Functions.Drops;

/// <summary>Where a drop belongs: its department slug and feed, or why it is refused.</summary>
/// <param name="Department">Department slug from the container, e.g. <c>health</c>; null when the container is not a drops container.</param>
/// <param name="Feed">Feed id from the first path segment, e.g. <c>deaths</c>; null when refused.</param>
/// <param name="Refusal">Why the drop is refused (no personal data: names only the container, path and feed); null when accepted.</param>
public sealed record DropRoute(string? Department, string? Feed, string? Refusal)
{
    /// <summary>True when the drop is in its department's place.</summary>
    public bool Accepted => Refusal is null;

    /// <summary>
    /// Routes a blob: the container must be <c>drops-&lt;department&gt;</c> of a known department, the blob name
    /// <c>&lt;feed&gt;/&lt;file&gt;</c> with a known feed id that this department uploads. A feed in another department's
    /// container is refused (that department has no right to send it; the plan assigns each feed to one department).
    /// </summary>
    /// <param name="container">Blob container name.</param>
    /// <param name="blobName">Blob name (path inside the container).</param>
    public static DropRoute Of(string container, string blobName)
    {
        if (!container.StartsWith(DropDepartments.ContainerPrefix, StringComparison.Ordinal)
            || !DropDepartments.All.ContainsKey(container[DropDepartments.ContainerPrefix.Length..]))
            return new(null, null, $"container '{container}' is not a department's drops container (drops-<department>)");
        var department = container[DropDepartments.ContainerPrefix.Length..];
        var slash = blobName.IndexOf('/');
        if (slash <= 0 || slash == blobName.Length - 1)
            return new(department, null, $"'{container}/{blobName}': a drop goes in <feed>/<file>; feeds of {department}: {FeedList(department)}");
        var feedId = blobName[..slash];
        var feed = FeedCatalog.All.FirstOrDefault(f => f.Id == feedId);
        if (feed is null)
            return new(department, null, $"'{container}/{blobName}': unknown feed '{feedId}'; feeds of {department}: {FeedList(department)}");
        if (DropDepartments.All[department] != feed.Department)
        {
            var owner = DropDepartments.SlugOf(feed.Department) ?? feed.Department;
            return new(department, null,
                $"'{container}/{blobName}': feed '{feedId}' belongs to department {owner} ({DropDepartments.Container(owner)}), not {department}");
        }
        return new(department, feedId, null);
    }

    private static string FeedList(string department) => string.Join(", ", DropDepartments.FeedsOf(department).Select(f => f.Id));
}
