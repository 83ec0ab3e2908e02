using Canbao.Domain.Identifiers;
using Canbao.Domain.Matching;

namespace Canbao.Comparison;

/// <summary>A row assigned to a person, and the resolution rule that did it.</summary>
/// <param name="Row">The row.</param>
/// <param name="LinkedBy"><c>resident_id</c>, <c>legacy15_upgraded</c> or <c>linkage:&lt;weight&gt;</c>.</param>
/// <param name="IdText">The row's normalized ID text (an alias when it differs from the person's ID).</param>
public sealed record ResolvedRow(SourceRow Row, string LinkedBy, string IdText);

/// <summary>Counts of the resolution stage. RowsIn = ById + Upgraded + Linked + PossibleMatches + Unlinked.</summary>
/// <param name="RowsIn">Person rows resolved.</param>
/// <param name="ById">Rows keyed on a valid 18-character ID.</param>
/// <param name="Upgraded">Rows keyed on an upgraded 15-digit legacy ID.</param>
/// <param name="Linked">Rows with an unusable ID linked probabilistically (match).</param>
/// <param name="PossibleMatches">Rows with an unusable ID sent to review (not merged).</param>
/// <param name="Unlinked">Rows with an unusable ID and no match (not used).</param>
public sealed record ResolutionCounts(long RowsIn, long ById, long Upgraded, long Linked, long PossibleMatches, long Unlinked);

/// <summary>
/// The resolution stage's result: the rows of each person (by canonical ID), the problems found, and the counts.
/// It is also the round's normalized batch: <see cref="Partition"/> hands one partition's persons to a partition run.
/// </summary>
public sealed class Resolution : IResolvedBatch
{
    internal Resolution(Dictionary<string, List<ResolvedRow>> persons, List<Problem> problems, ResolutionCounts counts, ExtractPeriods? extracts = null)
    {
        Persons = persons;
        Problems = problems;
        Counts = counts;
        Extracts = extracts;
    }

    /// <inheritdoc />
    public ExtractPeriods? Extracts { get; }

    /// <summary>Rows per person, keyed on the canonical resident ID.</summary>
    public IReadOnlyDictionary<string, List<ResolvedRow>> Persons { get; }

    /// <summary>Possible matches and possible duplicate identities (conflicts are found per person later).</summary>
    public List<Problem> Problems { get; }

    /// <summary>The counts.</summary>
    public ResolutionCounts Counts { get; }

    /// <inheritdoc />
    public IEnumerable<KeyValuePair<string, List<ResolvedRow>>> Partition(int partition, int partitions) =>
        Persons.Where(p => Partitioning.Of(p.Key, partitions) == partition);
}

/// <summary>The normalized batch a partition run reads: the persons (with their rows) of one partition.</summary>
public interface IResolvedBatch
{
    /// <summary>Persons whose <see cref="Partitioning.Of"/> equals <paramref name="partition"/>.</summary>
    IEnumerable<KeyValuePair<string, List<ResolvedRow>>> Partition(int partition, int partitions);

    /// <summary>The round's snapshot extracts (<see cref="ResolutionBuilder.Extracts"/>), passed to
    /// <see cref="PersonAssembler.Assemble"/> so an enrollment missing from a later extract no longer counts; null when
    /// the batch does not know them.</summary>
    ExtractPeriods? Extracts => null;
}

/// <summary>Partitioning of persons by a stable hash of the canonical resident ID (FNV-1a, not the process-random string hash).</summary>
public static class Partitioning
{
    /// <summary>Partition of an ID in [0, partitions).</summary>
    public static int Of(string id, int partitions)
    {
        var h = 2166136261u;
        foreach (var c in id) { h ^= c; h *= 16777619u; }
        return (int)(h % (uint)Math.Max(1, partitions));
    }
}

/// <summary>
/// Resolution (数据比对, first half): deterministic on the canonical resident ID — 15-digit IDs upgraded, the legacy
/// form kept as an alias — then rows whose ID is unusable (check mismatch, spreadsheet damage, missing, impossible
/// date) linked probabilistically to the persons the valid IDs formed:
/// <list type="bullet">
/// <item>candidates: valid IDs one edit away (one substitution or adjacent transposition — MOD 11-2 detects every such
/// error, so a typo'd ID is always unusable, never someone else's valid ID), and blocks of birth date + surname and of
/// name + region;</item>
/// <item>Fellegi–Sunter weights on ID, name, birth date, sex, region, address with value frequencies from this round's
/// persons; match / possible match / non-match by <see cref="MatchParameters"/>; a best candidate too close to the
/// runner-up is only possible.</item>
/// </list>
/// Two different valid IDs are never merged, with one exception: a valid ID ending in 000 whose first 15 characters
/// are another person's may be that ID zeroed by a spreadsheet (1 in 11 zeroed IDs pass the check); it joins that
/// person only on a match (a near ID weighs no more than its own evidence, see <see cref="MatchParameters.UIdNear"/>),
/// else it stays its own person. Pairs with the same name, birth date and address are reported as possible duplicate
/// identities.
/// </summary>
public static class Resolver
{
    /// <summary>Resolves the round's person rows in memory (<see cref="ResolutionBuilder"/> with a dictionary as the sink).</summary>
    /// <param name="rows">Person rows (rows of feeds describing employers are not passed).</param>
    /// <param name="processingDate">The round's date (IDs with later birth dates are unusable).</param>
    /// <param name="parameters">Linkage parameters; defaults when null.</param>
    public static Resolution Resolve(IEnumerable<SourceRow> rows, DateOnly processingDate, MatchParameters? parameters = null)
    {
        var persons = new Dictionary<string, List<ResolvedRow>>(StringComparer.Ordinal);
        var builder = new ResolutionBuilder(processingDate, parameters, (key, row) =>
        {
            if (!persons.TryGetValue(key, out var list)) persons[key] = list = new List<ResolvedRow>(4);
            list.Add(row);
        });
        foreach (var row in rows) builder.Add(row);
        var (problems, counts) = builder.Finish();
        return new Resolution(persons, problems, counts, builder.Extracts);
    }

    /// <summary>
    /// Links the rows whose ID is unusable to the persons the valid IDs formed (the probabilistic half of
    /// resolution); emits each matched row through <paramref name="emit"/>, returns the counts of the outcomes.
    /// A row whose ID is in <paramref name="validZeroed"/> (valid, ending in 000, its first 15 characters another
    /// person's: possibly zeroed by a spreadsheet) joins that person only on a match; otherwise its ID is taken as the
    /// holder's own (two valid IDs are never merged on less than a match: in a 300,000-person city six real IDs ending
    /// in 000 were merged into the person sharing their first 15 characters), emitted under it and counted in Kept; a
    /// possible match is still reported for review.
    /// </summary>
    internal static (long Linked, long Possible, long Unlinked, long Kept) Link(List<(SourceRow Row, string Normalized)> pending,
        Dictionary<string, LinkageFields> profiles, MatchParameters parameters, List<Problem> problems, Action<string, ResolvedRow> emit,
        IReadOnlySet<string>? validZeroed = null)
    {
        // Value frequencies and blocks from the profiles of the persons formed by valid IDs, the two built at once (on
        // two cores; each only reads the profiles). Keys are (date, surname) and (name, region) pairs of strings the
        // profiles already hold (dates written once per day); a block is a chain in one array, not a list per key, and
        // everything is sized up front: a million persons' indexes cost no per-person object and no regrowth.
        var size = profiles.Count;
        var names = new ValueFrequencies(size); var dates = new ValueFrequencies(1 << 15); var regions = new ValueFrequencies(1 << 10); var addresses = new ValueFrequencies(size);
        var byDateSurname = new Blocks<(string Date, string Surname)>(size);
        var byNameRegion = new Blocks<(string Name, string Region)>(size);
        Parallel.Invoke(
            () =>
            {
                var dateText = new DateTexts();
                foreach (var p in profiles.Values)
                {
                    names.Add(p.Name); dates.Add(dateText[p.BirthDate!.Value]); regions.Add(p.Region); addresses.Add(p.Address);
                }
            },
            () =>
            {
                var dateText = new DateTexts();
                foreach (var (key, p) in profiles)
                {
                    var name = p.Name;
                    byDateSurname.Add((dateText[p.BirthDate!.Value], MatchKeys.Surname(name)), key);
                    if (name.Length > 0) byNameRegion.Add((name, p.Region), key);
                }
            });
        var scorer = new FellegiSunterScorer(names, dates, regions, addresses, parameters);
        var texts = new DateTexts();
        var byId = profiles.GetAlternateLookup<ReadOnlySpan<char>>();
        var neighbors = new char[IdNeighbors.MaxValidOneEdit * 18];

        long linked = 0, possible = 0, unlinked = 0, kept = 0;
        var candidates = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (row, normalized) in pending)
        {
            candidates.Clear();
            // Only a one-edit string with a right check character can be a valid ID (a profile's key): those are looked up.
            for (int i = 0, count = IdNeighbors.ValidOneEdit(normalized, neighbors); i < count; i++)
                if (byId.TryGetValue(neighbors.AsSpan(i * 18, 18), out var neighbor, out _)) candidates.Add(neighbor);
            var name = MatchKeys.Name(row.Get("name"));
            var birthColumn = RowFields.Date(row.Get("birth_date"));
            var birthInId = normalized.Length == 18 ? RowFields.DateInId(normalized) : null;
            var region = RowFields.RegionInId(normalized);
            if (region.Length == 0) region = row.Get("hukou_region");
            var surname = MatchKeys.Surname(name);
            foreach (var d in new[] { birthColumn, birthInId })
                if (d is { } date) byDateSurname.AddTo((texts[date], surname), candidates);
            if (name.Length > 0 && region.Length == 6) byNameRegion.AddTo((name, region), candidates);

            string? bestId = null; MatchScore? bestScore = null; double? runnerUp = null;
            foreach (var c in candidates.Order(StringComparer.Ordinal))
            {
                var profile = profiles[c];
                var rel = IdNeighbors.Relate(normalized.Length == 18 ? normalized : null, c);
                // The ID's embedded date is evidence only when the ID itself is not already counted as near.
                var birth = birthColumn ?? (rel is IdRelation.Far or IdRelation.Unknown ? birthInId : null);
                var fields = new LinkageFields(normalized.Length == 18 ? normalized : "", name, birth, RowFields.Sex(row.Get("sex")),
                    region, RowFields.Address(row));
                var score = scorer.Score(fields, profile);
                if (bestScore is null || score.Total > bestScore.Total)
                {
                    if (bestScore is not null) runnerUp = bestScore.Total;
                    bestScore = score; bestId = c;
                }
                else if (runnerUp is null || score.Total > runnerUp) runnerUp = score.Total;
            }

            var decision = bestScore is null ? MatchDecision.NonMatch : scorer.Decide(bestScore.Total, runnerUp);
            if (decision != MatchDecision.Match && validZeroed is not null && validZeroed.Contains(normalized))
            {
                if (decision == MatchDecision.PossibleMatch)
                    problems.Add(new Problem(ProblemKinds.PossibleMatch, bestId!, normalized, row.Feed, row.Drop, row.Row,
                        $"valid ID ending in 000 kept as its own; possibly the other's with the last three zeroed: weight {bestScore!.Total:0.0}"
                        + $" (match at {parameters.UpperThreshold})" + (runnerUp is { } r2 ? $", runner-up {r2:0.0}" : "") + "; " + bestScore.Explain()));
                emit(normalized, new ResolvedRow(row, "resident_id", normalized));
                kept++;
                continue;
            }
            switch (decision)
            {
                case MatchDecision.Match:
                    emit(bestId!, new ResolvedRow(row, $"linkage:{bestScore!.Total:0.0}", normalized));
                    linked++;
                    break;
                case MatchDecision.PossibleMatch:
                    problems.Add(new Problem(ProblemKinds.PossibleMatch, bestId!, normalized, row.Feed, row.Drop, row.Row,
                        $"weight {bestScore!.Total:0.0} (match at {parameters.UpperThreshold}, review from {parameters.LowerThreshold})"
                        + (runnerUp is { } ru ? $", runner-up {ru:0.0}" : "") + "; " + bestScore.Explain()));
                    possible++;
                    break;
                default:
                    unlinked++;
                    break;
            }
        }
        return (linked, possible, unlinked, kept);
    }

    /// <summary>Valid IDs sharing name, birth date and a non-empty address: possible duplicate identities (never merged).</summary>
    internal static void FindDuplicateIdentities(Dictionary<string, LinkageFields> profiles, List<Problem> problems)
    {
        var groups = new Dictionary<(string Name, DateOnly BirthDate, string Address), List<LinkageFields>>(profiles.Count);
        foreach (var p in profiles.Values)
        {
            if (p.Name.Length == 0 || p.Address.Length == 0) continue;
            Add(groups, (p.Name, p.BirthDate!.Value, p.Address), p);
        }
        foreach (var g in groups.Values)
        {
            if (g.Count < 2) continue;
            var ordered = g.OrderBy(p => p.IdText, StringComparer.Ordinal).ToList();
            for (var i = 1; i < ordered.Count; i++)
                problems.Add(new Problem(ProblemKinds.PossibleDuplicateIdentity, ordered[0].IdText, ordered[i].IdText, "", "", 0,
                    "two valid resident IDs with the same name, birth date and address: possibly one person holding two IDs; not merged"
                    + (IdNeighbors.Relate(ordered[i].IdText, ordered[0].IdText) == IdRelation.OneEdit ? " (the IDs differ by one character)" : "")));
        }
    }

    private static void Add<TKey, T>(Dictionary<TKey, List<T>> index, TKey key, T value) where TKey : notnull
    {
        ref var list = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(index, key, out _);
        (list ??= new List<T>(2)).Add(value);
    }

    /// <summary>Linkage blocks: for each key, the IDs added under it, kept as chains through one array (no list per key).</summary>
    private sealed class Blocks<TKey>(int capacity) where TKey : notnull
    {
        private readonly Dictionary<TKey, int> _last = new(capacity);
        private readonly List<(string Id, int Previous)> _entries = new(capacity);

        public void Add(TKey key, string id)
        {
            ref var last = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_last, key, out var exists);
            _entries.Add((id, exists ? last : -1));
            last = _entries.Count - 1;
        }

        /// <summary>Adds the IDs of the key's block (none when it has none) to <paramref name="into"/>.</summary>
        public void AddTo(TKey key, HashSet<string> into)
        {
            if (!_last.TryGetValue(key, out var i)) return;
            for (; i >= 0; i = _entries[i].Previous) into.Add(_entries[i].Id);
        }
    }

    /// <summary>Dates as <c>yyyyMMdd</c> text, one string per distinct day (the linkage indexes and frequencies key on it).</summary>
    private sealed class DateTexts
    {
        private readonly Dictionary<DateOnly, string> _texts = new(1 << 15);

        public string this[DateOnly date]
        {
            get
            {
                ref var text = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_texts, date, out _);
                return text ??= date.ToString("yyyyMMdd"); // as the scorer writes dates
            }
        }
    }
}
