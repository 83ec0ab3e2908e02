using Canbao.Domain.Persons;
using Canbao.Store;
using nietras.SeparatedValues;

namespace Canbao.Comparison;

/// <summary>Resolution quality against the truth, per row (a row is a department row that belongs to a true person).</summary>
/// <param name="Precision">Rows placed with their true person / rows placed with any person.</param>
/// <param name="Recall">Rows placed with their true person / truth rows of a person that carry their data (see <see cref="Evaluation"/>).</param>
/// <param name="F1">Harmonic mean of precision and recall.</param>
/// <param name="FalseMerges">Stored persons holding rows of two or more true persons.</param>
/// <param name="RowsEvaluated">Truth rows in the recall denominator.</param>
/// <param name="RowsExcluded">Truth rows of a person left out of the denominator because the department sent no usable data (see <see cref="Evaluation"/>).</param>
public sealed record ResolutionQuality(double Precision, double Recall, double F1, int FalseMerges, long RowsEvaluated, long RowsExcluded);

/// <summary>Classification quality against the truth's latest period.</summary>
/// <param name="Accuracy">Persons whose stored status equals the truth's / truth persons (a person missing from the store counts as wrong).</param>
/// <param name="PerStatus">Per true status: count, correct, accuracy.</param>
/// <param name="Confusions">The most frequent (truth → predicted) errors, e.g. <c>lapsed→not_enrolled</c>, with counts.</param>
public sealed record ClassificationQuality(double Accuracy, IReadOnlyDictionary<string, StatusQuality> PerStatus, IReadOnlyDictionary<string, int> Confusions);

/// <summary>Quality of one status.</summary>
/// <param name="Count">Truth persons with the status.</param>
/// <param name="Correct">Of those, persons the round gave the same status.</param>
/// <param name="Accuracy">Correct / Count.</param>
public sealed record StatusQuality(int Count, int Correct, double Accuracy);

/// <summary>The result of <c>canbao evaluate</c>.</summary>
/// <param name="Resolution">Resolution quality.</param>
/// <param name="Classification">Classification quality.</param>
public sealed record EvaluationResult(ResolutionQuality Resolution, ClassificationQuality Classification)
{
    /// <summary>Persons in the truth's latest period.</summary>
    public int TruthPersons { get; init; }

    /// <summary>Of <see cref="TruthPersons"/>, those the store holds; (almost) none means the store is not of this city's drops.</summary>
    public int TruthPersonsInStore { get; init; }
}

/// <summary>
/// Compares a store after a round with a synthetic city's truth (<c>truth/persons.csv</c>, <c>truth/rows.csv</c>, see the
/// truth README written by <c>canbao generate</c>). Rows whose department data never reached the round are not counted
/// against recall: rows the readers must reject for a required field left empty (<c>missing_field</c> with outcome
/// rejected) and XLSX ID cells stored as numbers (<c>id_numeric_cell</c>: the digits are gone). Every other row of a
/// person counts — ID typos, transpositions, zeroed digits and scientific notation included — except a row of a later
/// period than the latest evidence the person's stored record holds: a round over re-sent data that finds nothing new
/// about a person leaves the record (and its evidence) as the round that last changed it wrote it (issue 4: only changed
/// persons are written), so such a row has no place in the store to be found at.
/// </summary>
public static class Evaluation
{
    /// <summary>Evaluates.</summary>
    /// <param name="truthDir">The truth folder (or the city folder holding <c>truth/</c>).</param>
    /// <param name="store">The store the round wrote.</param>
    /// <param name="ct">Cancellation.</param>
    /// <exception cref="FileNotFoundException">A truth file is missing.</exception>
    public static async Task<EvaluationResult> RunAsync(string truthDir, IPersonStore store, CancellationToken ct = default)
    {
        if (Directory.Exists(Path.Combine(truthDir, "truth"))) truthDir = Path.Combine(truthDir, "truth");
        var persons = new Dictionary<string, PersonRecord>(StringComparer.Ordinal);
        string? continuation = null;
        while (true)
        {
            var page = await store.ReadChangesAsync(continuation, 10_000, ct).ConfigureAwait(false);
            foreach (var s in page.Changes) persons[s.Person.Id] = s.Person;
            if (page.Changes.Count == 0 || page.Continuation == continuation) break;
            continuation = page.Continuation;
        }

        // Where the round placed each row.
        var placed = new Dictionary<(string, long), string>();
        foreach (var p in persons.Values)
            foreach (var s in p.Sources) placed[(s.Drop, s.Row)] = p.Id;
        // The latest period each stored record holds evidence of: a round that finds nothing new about a person does not
        // rewrite it, so its evidence stays that of the round that last changed it.
        var evidencePeriod = persons.Values.ToDictionary(p => p.Id, p => p.Sources.Select(s => PersonAssembler.Period(s.Drop)).Where(IsPeriod).DefaultIfEmpty("").Max(StringComparer.Ordinal)!, StringComparer.Ordinal);

        long evaluated = 0, excluded = 0, correct = 0;
        var truthOfPlaced = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        long placedWithTruth = 0, placedCorrect = 0;
        using (var reader = Sep.Reader().FromFile(Path.Combine(truthDir, "rows.csv")))
        {
            foreach (var row in reader)
            {
                var truthId = row["resident_id"].ToString();
                var file = row["file"].ToString();
                var n = long.Parse(row["row"].Span);
                var fault = row["fault"].ToString();
                var outcome = row["expected_outcome"].ToString();
                var got = placed.GetValueOrDefault((file, n));
                if (got is not null)
                {
                    placedWithTruth++;
                    if (got == truthId) placedCorrect++;
                    if (truthId.Length > 0)
                    {
                        if (!truthOfPlaced.TryGetValue(got, out var set)) truthOfPlaced[got] = set = new HashSet<string>(StringComparer.Ordinal);
                        set.Add(truthId);
                    }
                }
                if (truthId.Length == 0) continue;
                if ((fault == "missing_field" && outcome == "rejected") || fault == "id_numeric_cell") { excluded++; continue; }
                if (got is null && evidencePeriod.TryGetValue(truthId, out var held) && held.Length > 0
                    && PersonAssembler.Period(file) is var period && IsPeriod(period) && string.CompareOrdinal(period, held) > 0) { excluded++; continue; }
                evaluated++;
                if (got == truthId) correct++;
            }
        }
        var precision = placedWithTruth == 0 ? 1 : placedCorrect / (double)placedWithTruth;
        var recall = evaluated == 0 ? 1 : correct / (double)evaluated;
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        var falseMerges = truthOfPlaced.Values.Count(s => s.Count > 1);

        // Classification: the truth's latest period.
        var latest = new Dictionary<string, (string Period, string Status)>(StringComparer.Ordinal);
        using (var reader = Sep.Reader().FromFile(Path.Combine(truthDir, "persons.csv")))
        {
            foreach (var row in reader)
            {
                var id = row["resident_id"].ToString();
                var period = row["period"].ToString();
                if (!latest.TryGetValue(id, out var cur) || string.CompareOrdinal(period, cur.Period) >= 0)
                    latest[id] = (period, row["coverage_status"].ToString());
            }
        }
        var perStatus = new Dictionary<string, (int Count, int Correct)>(StringComparer.Ordinal);
        var confusions = new Dictionary<string, int>(StringComparer.Ordinal);
        int right = 0, inStore = 0;
        foreach (var (id, (_, status)) in latest)
        {
            if (persons.ContainsKey(id)) inStore++;
            var predicted = persons.TryGetValue(id, out var p) ? ComparisonRound.Key(p.Coverage) : "missing";
            var ok = predicted == status;
            if (ok) right++;
            else confusions[$"{status}→{predicted}"] = confusions.GetValueOrDefault($"{status}→{predicted}") + 1;
            var c = perStatus.GetValueOrDefault(status);
            perStatus[status] = (c.Count + 1, c.Correct + (ok ? 1 : 0));
        }
        return new EvaluationResult(
            new ResolutionQuality(Math.Round(precision, 6), Math.Round(recall, 6), Math.Round(f1, 6), falseMerges, evaluated, excluded),
            new ClassificationQuality(latest.Count == 0 ? 1 : Math.Round(right / (double)latest.Count, 6),
                perStatus.OrderBy(k => k.Key, StringComparer.Ordinal).ToDictionary(k => k.Key, k => new StatusQuality(k.Value.Count, k.Value.Correct, Math.Round(k.Value.Correct / (double)k.Value.Count, 6))),
                confusions.OrderByDescending(k => k.Value).Take(12).ToDictionary(k => k.Key, k => k.Value)))
        { TruthPersons = latest.Count, TruthPersonsInStore = inStore };
    }

    /// <summary>True for a drop period of the form yyyy-MM.</summary>
    private static bool IsPeriod(string p) => p.Length == 7 && p[4] == '-' && char.IsAsciiDigit(p[0]) && char.IsAsciiDigit(p[6]);
}
