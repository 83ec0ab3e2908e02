using Canbao.Domain.Identifiers;
using Canbao.Domain.Matching;

namespace Canbao.Comparison;

/// <summary>
/// Resolution row by row, holding only what linkage needs: a small profile per resident ID (best-precedence name,
/// first non-empty name, best-precedence address), the rows whose ID is unusable, and the rows of valid IDs ending in
/// <c>000</c> (which may turn out to be spreadsheet-zeroed, see <see cref="Resolver"/>). Every other row goes to the
/// sink as soon as it is added, so a caller can spill rows to disk per partition and keep memory flat in N.
/// The decisions are <see cref="Resolver"/>'s: the same rows in the same order give the same persons, rows per person
/// in the same order, the same problems and counts as <see cref="Resolver.Resolve"/>.
/// </summary>
public sealed class ResolutionBuilder
{
    /// <summary>A struct held in the dictionary's own entries: a million persons' profiles are one array for the
    /// collector to mark, not a million objects (each full collection of the first stage marks them all).</summary>
    private struct Profile()
    {
        public ResidentId Id;
        public int BestRank = int.MaxValue;
        public string BestName = "";
        public string FirstName = "";
        public int AddressRank = int.MaxValue;
        public string Address = "";
    }

    private readonly DateOnly _date;
    private readonly MatchParameters _parameters;
    private readonly Action<string, ResolvedRow> _emit;
    private readonly Dictionary<string, Profile> _profiles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ResolvedRow>> _held = new(StringComparer.Ordinal);
    private readonly List<(SourceRow Row, string Normalized)> _pending = [];
    private int _capacity;
    private long _rowsIn, _byId, _upgraded;
    private bool _finished;

    /// <summary>Creates a builder.</summary>
    /// <param name="processingDate">The round's date (IDs with later birth dates are unusable).</param>
    /// <param name="parameters">Linkage parameters; defaults when null.</param>
    /// <param name="emit">Receives (canonical resident ID, row) for every row resolved to a person; rows of one person
    /// arrive in the order <see cref="Resolver.Resolve"/> lists them. Called on the thread calling Add/Finish.</param>
    public ResolutionBuilder(DateOnly processingDate, MatchParameters? parameters, Action<string, ResolvedRow> emit)
    {
        _date = processingDate;
        _parameters = parameters ?? new MatchParameters();
        _emit = emit;
    }

    /// <summary>Rows added so far.</summary>
    public long RowsIn => _rowsIn;

    /// <summary>The snapshot extracts of the rows added (for <see cref="PersonAssembler.Assemble"/>).</summary>
    public ExtractPeriods Extracts { get; } = new();

    /// <summary>Adds one person row (rows in drop order).</summary>
    /// <exception cref="InvalidOperationException">Called after <see cref="Finish"/>.</exception>
    public void Add(SourceRow row)
    {
        if (_finished) throw new InvalidOperationException("the resolution is finished");
        _rowsIn++;
        Extracts.Observe(row.Feed, row.Drop);
        var parsed = row.ParseId(_date);
        if (parsed.Id is not { } id) { _pending.Add((row, parsed.Normalized)); return; }
        var key = id.Value;
        var resolved = new ResolvedRow(row, parsed.WasUpgraded ? "legacy15_upgraded" : "resident_id", parsed.WasUpgraded ? parsed.Legacy15! : key);
        if (parsed.WasUpgraded) _upgraded++; else _byId++;
        // Grown four-fold, one lookup per row: a million persons' table is rebuilt (and reallocated on the large-object
        // heap, which costs a full collection) half as often as by doubling.
        if (_profiles.Count == _capacity) _capacity = _profiles.EnsureCapacity(Math.Max(1024, _capacity * 4));
        ref var p = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_profiles, key, out var known);
        if (!known) p = new Profile { Id = id }; // p is the entry itself: valid until the dictionary changes (below, it does not)
        var rank = FeedPrecedence.Rank(row.Feed);
        var name = row.Get("name");
        if (rank < p.BestRank) { p.BestRank = rank; p.BestName = name; }
        if (p.FirstName.Length == 0 && name.Length > 0) p.FirstName = MatchKeys.Name(name);
        if (rank < p.AddressRank && RowFields.Address(row) is { Length: > 0 } address) { p.AddressRank = rank; p.Address = address; }
        if (key.EndsWith("000", StringComparison.Ordinal))
        {
            if (!_held.TryGetValue(key, out var list)) _held[key] = list = new List<ResolvedRow>(2);
            list.Add(resolved);
        }
        else _emit(key, resolved);
    }

    /// <summary>
    /// Ends the rows: decides the <c>000</c> IDs, emits their rows when they are persons, links the unusable-ID rows
    /// (matched rows are emitted after every valid-ID row), finds possible duplicate identities. Returns the problems
    /// (possible matches, possible duplicate identities) and the counts.
    /// </summary>
    public (List<Problem> Problems, ResolutionCounts Counts) Finish()
    {
        if (_finished) throw new InvalidOperationException("the resolution is finished");
        _finished = true;
        // A tool keeping 15 significant digits zeroes the last three characters; one such ID in eleven still passes the
        // check. A valid ID ending in 000 whose first 15 characters are another person's is treated as unusable.
        // It keeps its own ID unless linkage matches it to that person (Resolver.Link).
        // The first 15 characters of the held IDs that another (not 000-ending) ID shares: found by looking each
        // profile's prefix up among the few held ones, not by cutting a prefix out of every ID.
        var heldPrefixes = new HashSet<string>(_held.Keys.Select(k => k[..15]), StringComparer.Ordinal);
        var heldLookup = heldPrefixes.GetAlternateLookup<ReadOnlySpan<char>>();
        var prefixes = new HashSet<string>(StringComparer.Ordinal);
        if (heldPrefixes.Count > 0)
            foreach (var k in _profiles.Keys)
                if (!k.EndsWith("000", StringComparison.Ordinal) && heldLookup.TryGetValue(k.AsSpan(0, 15), out var prefix)) prefixes.Add(prefix);
        var validZeroed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, rows) in _held)
        {
            if (prefixes.Contains(key[..15]))
            {
                foreach (var r in rows) { _pending.Add((r.Row, key)); _byId--; }
                _profiles.Remove(key);
                validZeroed.Add(key);
            }
            else foreach (var r in rows) _emit(key, r);
        }
        _held.Clear();

        var profiles = new Dictionary<string, LinkageFields>(_profiles.Count, StringComparer.Ordinal);
        var regions = new Dictionary<string, string>(StringComparer.Ordinal); // a few hundred region codes, one string each
        var regionLookup = regions.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var (key, p) in _profiles)
        {
            var id = p.Id; // the parse that made the key (valid, canonical)
            var name = MatchKeys.Name(p.BestName);
            if (name.Length == 0) name = p.FirstName;
            if (!regionLookup.TryGetValue(key.AsSpan(0, 6), out var region)) regions[region = id.RegionCode] = region;
            profiles[key] = new LinkageFields(key, name, id.BirthDate, id.Sex, region, p.Address);
        }
        _profiles.Clear();
        _profiles.TrimExcess(); // a million entries' arrays: free them before linkage builds its indexes
        var problems = new List<Problem>();
        // Possible duplicate identities only read the profiles: found on another core while linkage runs here (it emits
        // on this thread); listed after linkage's problems, as before.
        var duplicates = Task.Run(() =>
        {
            var found = new List<Problem>();
            Resolver.FindDuplicateIdentities(profiles, found);
            return found;
        });
        var (linked, possible, unlinked, kept) = Resolver.Link(_pending, profiles, _parameters, problems, _emit, validZeroed);
        _byId += kept;
        _pending.Clear();
        problems.AddRange(duplicates.GetAwaiter().GetResult());
        return (problems, new ResolutionCounts(_rowsIn, _byId, _upgraded, linked, possible, unlinked));
    }
}
