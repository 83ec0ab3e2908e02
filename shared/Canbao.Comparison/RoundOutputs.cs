using Canbao.Domain.Persons;
using Canbao.Domain.Standard;
using nietras.SeparatedValues;

namespace Canbao.Comparison;

/// <summary>
/// The round's output files (<see cref="RoundOutputWriter"/> describes them) written as the round goes: each
/// partition's persons and problems are appended (sorted by resident ID within the batch) and only the per-district
/// statistics are held until <see cref="Complete"/>, so memory does not grow with the city. Thread-safe: appends
/// from parallel partitions are serialized. Files are replaced when the folder already holds a round's outputs.
/// </summary>
public sealed class RoundOutputs : IDisposable
{
    private sealed class DistrictStats
    {
        public int Persons, InScope, Covered;
        public readonly int[] Statuses = new int[Enum.GetValues<CoverageStatus>().Length];
        public readonly Dictionary<string, int> Required = new(StringComparer.Ordinal);
        public readonly Dictionary<string, int> Paying = new(StringComparer.Ordinal);
    }

    private readonly string _outDir, _rosterDir;
    private readonly SepWriter _enrolled, _notEnrolled;
    private SepWriter? _problems;
    private readonly Dictionary<string, SepWriter> _rosters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DistrictStats> _districts = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private bool _closed;

    /// <summary>Creates the folder (and rosters/, emptied) and opens the person lists.</summary>
    /// <param name="outDir">Output folder.</param>
    public RoundOutputs(string outDir)
    {
        _outDir = outDir;
        Directory.CreateDirectory(outDir);
        _rosterDir = Path.Combine(outDir, "rosters");
        if (Directory.Exists(_rosterDir)) Directory.Delete(_rosterDir, recursive: true);
        Directory.CreateDirectory(_rosterDir);
        _enrolled = RoundOutputWriter.Open(Path.Combine(outDir, "enrolled.csv"));
        _enrolled.Header.Add(RoundOutputWriter.PersonColumns);
        _notEnrolled = RoundOutputWriter.Open(Path.Combine(outDir, "not_enrolled.csv"));
        _notEnrolled.Header.Add(RoundOutputWriter.PersonColumns);
        _problems = RoundOutputWriter.Open(Path.Combine(outDir, "problems.csv"));
    }

    /// <summary>Appends problems to <c>problems.csv</c>.</summary>
    public void AppendProblems(IEnumerable<Problem> problems)
    {
        lock (_gate)
        {
            ThrowIfClosed();
            foreach (var p in problems) RoundOutputWriter.WriteProblem(_problems!, p);
        }
    }

    /// <summary>Appends persons to the lists and rosters (in resident-ID order within the call) and counts them for the statistics.</summary>
    public void Append(IEnumerable<PersonRecord> persons)
    {
        var ordered = persons as IReadOnlyList<PersonRecord> ?? persons.ToList();
        if (!InIdOrder(ordered)) ordered = ordered.OrderBy(p => p.Id, StringComparer.Ordinal).ToList(); // a round's chunks come in order
        lock (_gate)
        {
            ThrowIfClosed();
            foreach (var p in ordered)
            {
                if (RoundOutputWriter.IsEnrolled(p)) RoundOutputWriter.WritePerson(_enrolled, RoundOutputWriter.PersonColumns, p);
                else if (RoundOutputWriter.IsNotEnrolled(p)) RoundOutputWriter.WritePerson(_notEnrolled, RoundOutputWriter.PersonColumns, p);
                if (PersonAssembler.OnSurveyList(p))
                {
                    var township = p.TownshipCode.Length > 0 ? p.TownshipCode : "unknown_township";
                    if (!_rosters.TryGetValue(township, out var roster))
                    {
                        _rosters[township] = roster = RoundOutputWriter.Open(Path.Combine(_rosterDir, township + ".csv"));
                        roster.Header.Add(RoundOutputWriter.RosterColumns);
                    }
                    RoundOutputWriter.WritePerson(roster, RoundOutputWriter.RosterColumns, p);
                }
                Count(p);
            }
        }
    }

    private static bool InIdOrder(IReadOnlyList<PersonRecord> persons)
    {
        for (var i = 1; i < persons.Count; i++)
            if (string.CompareOrdinal(persons[i - 1].Id, persons[i].Id) > 0) return false;
        return true;
    }

    private static bool PaidBefore(List<PersonEnrollment> enrollments, int i)
    {
        for (var j = 0; j < i; j++)
            if (enrollments[j].Status == "paying" && enrollments[j].Insurance == enrollments[i].Insurance) return true;
        return false;
    }

    private void Count(PersonRecord p)
    {
        if (!_districts.TryGetValue(p.DistrictCode, out var d)) _districts[p.DistrictCode] = d = new DistrictStats();
        d.Persons++;
        d.Statuses[(int)p.Coverage]++;
        var required = p.RequiredInsurances;
        for (var i = 0; i < required.Count; i++)
            if (required.IndexOf(required[i]) == i) d.Required[required[i]] = d.Required.GetValueOrDefault(required[i]) + 1; // each insurance once
        var enrollments = p.Enrollments;
        for (var i = 0; i < enrollments.Count; i++)
        {
            var e = enrollments[i];
            if (e.Status != "paying" || PaidBefore(enrollments, i)) continue; // each paid insurance once
            d.Paying[e.Insurance] = d.Paying.GetValueOrDefault(e.Insurance) + 1;
        }
        if (p.Coverage is not (CoverageStatus.OutOfScope or CoverageStatus.DeceasedStillEnrolled)) d.InScope++;
        if (RoundOutputWriter.IsEnrolled(p)) d.Covered++;
    }

    /// <summary>Writes <c>statistics.csv</c> and closes every file; returns the files by kind (enrolled, not_enrolled,
    /// rosters, problems, statistics).</summary>
    /// <exception cref="InvalidOperationException">Called twice.</exception>
    public Dictionary<string, string> Complete()
    {
        lock (_gate)
        {
            ThrowIfClosed();
            using (var w = RoundOutputWriter.Open(Path.Combine(_outDir, "statistics.csv")))
            {
                var statuses = Enum.GetValues<CoverageStatus>();
                foreach (var (district, d) in _districts.OrderBy(x => x.Key, StringComparer.Ordinal))
                {
                    using var row = w.NewRow();
                    row["district_code"].Set(district);
                    row["persons"].Set(d.Persons.ToString());
                    foreach (var s in statuses) row[ComparisonRound.Key(s)].Set(d.Statuses[(int)s].ToString());
                    foreach (var t in InsuranceVocabulary.AllTypes)
                    {
                        var key = InsuranceVocabulary.Key(t);
                        row[$"{key}_required"].Set(d.Required.GetValueOrDefault(key).ToString());
                        row[$"{key}_paying"].Set(d.Paying.GetValueOrDefault(key).ToString());
                    }
                    row["coverage_rate"].Set(d.InScope == 0 ? "" : (d.Covered / (double)d.InScope).ToString("0.0000"));
                }
            }
            Close();
        }
        return new Dictionary<string, string>
        {
            ["enrolled"] = Path.Combine(_outDir, "enrolled.csv"),
            ["not_enrolled"] = Path.Combine(_outDir, "not_enrolled.csv"),
            ["rosters"] = _rosterDir,
            ["problems"] = Path.Combine(_outDir, "problems.csv"),
            ["statistics"] = Path.Combine(_outDir, "statistics.csv"),
        };
    }

    private void ThrowIfClosed()
    {
        if (_closed) throw new InvalidOperationException("the round's outputs are complete");
    }

    private void Close()
    {
        if (_closed) return;
        _closed = true;
        _enrolled.Dispose();
        _notEnrolled.Dispose();
        _problems?.Dispose();
        _problems = null;
        foreach (var w in _rosters.Values) w.Dispose();
        _rosters.Clear();
    }

    /// <summary>Closes the files (statistics are written only by <see cref="Complete"/>).</summary>
    public void Dispose()
    {
        lock (_gate) Close();
    }
}
