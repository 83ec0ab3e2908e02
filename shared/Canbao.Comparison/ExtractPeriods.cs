namespace Canbao.Comparison;

/// <summary>
/// The latest period of each snapshot extract in a round, so rows of an older extract that a newer one of the same
/// scope replaced no longer count as current enrollments. A snapshot extract (the enrollment feeds: 参保数据 and the
/// provincial/national 异地参保 data are sent whole every period, DESIGN "feeds") lists everyone enrolled on its date: a
/// person missing from the 2017-06 extract of a district is no longer enrolled there, even though the 2017-03 extract
/// listed them. A drop is named <c>&lt;feed&gt;/&lt;yyyy-MM&gt;-&lt;scope&gt;.&lt;ext&gt;</c> (scope: the district code); the scope
/// is the name without the period and the extension, so a CSV extract is replaced by a later XLSX one of the same
/// district. Drops without a period in their name are never superseded. Collect with <see cref="Observe"/> while the
/// rows are read, then ask <see cref="IsSuperseded"/>; not thread-safe while observing.
/// </summary>
public sealed class ExtractPeriods
{
    /// <summary>Feeds whose every drop is a complete snapshot of its scope (a later drop replaces an earlier one).</summary>
    public static readonly IReadOnlySet<string> SnapshotFeeds = new HashSet<string>(StringComparer.Ordinal) { "enrollment", "other_region_enrollment" };

    private readonly Dictionary<string, string> _latest = new(StringComparer.Ordinal);
    private string? _lastDrop;

    /// <summary>Notes one row's drop (cheap when consecutive rows share a drop).</summary>
    /// <param name="feed">Feed id of the row.</param>
    /// <param name="drop">Drop path relative to the drops folder, e.g. <c>enrollment/2017-06-630102.csv</c>.</param>
    public void Observe(string feed, string drop)
    {
        if (ReferenceEquals(drop, _lastDrop) || !SnapshotFeeds.Contains(feed)) return;
        _lastDrop = drop;
        if (Split(drop) is not { } d) return;
        if (!_latest.TryGetValue(d.Scope, out var cur) || string.CompareOrdinal(d.Period, cur) > 0) _latest[d.Scope] = d.Period;
        _superseded.Clear();
    }

    /// <summary>True when <paramref name="drop"/> of a snapshot feed is older than the latest observed drop of its scope.</summary>
    /// <param name="feed">Feed id.</param>
    /// <param name="drop">Drop path relative to the drops folder.</param>
    /// <remarks>Answers are cached per drop (a round asks once per enrollment row, about a few hundred drops); thread-safe
    /// once observing is over.</remarks>
    public bool IsSuperseded(string feed, string drop) =>
        SnapshotFeeds.Contains(feed) && _superseded.GetOrAdd(drop, static (x, latestByScope) => // static: no delegate per call
            Split(x) is { } d && latestByScope.TryGetValue(d.Scope, out var latest) && string.CompareOrdinal(d.Period, latest) < 0, _latest);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _superseded = new(StringComparer.Ordinal);

    /// <summary>(scope, period) of a drop path: scope = folder + name without the leading <c>yyyy-MM-</c> and the extension.</summary>
    private static (string Scope, string Period)? Split(string drop)
    {
        var slash = drop.LastIndexOfAny(['/', '\\']);
        var name = drop[(slash + 1)..];
        var period = PersonAssembler.Period(name);
        if (period.Length != 7 || period == name || name.Length < 8 || name[7] != '-') return null;
        var rest = name[8..];
        var dot = rest.LastIndexOf('.');
        if (dot > 0) rest = rest[..dot];
        return (drop[..(slash + 1)] + rest, period);
    }
}
