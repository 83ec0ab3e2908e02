using Canbao.Domain.Persons;
using Canbao.Domain.Standard;
using nietras.SeparatedValues;

namespace Canbao.Comparison;

/// <summary>
/// Writes a round's outputs as UTF-8 CSV into a folder:
/// <c>enrolled.csv</c> (fully enrolled, enrolled elsewhere), <c>not_enrolled.csv</c> (not enrolled, partly enrolled,
/// lapsed, duplicate enrollment, deceased still enrolled — with reasons), <c>rosters/&lt;township&gt;.csv</c> (survey
/// roster 花名册 per township/street of residence), <c>problems.csv</c> and <c>statistics.csv</c> (per district and
/// insurance type). Resident IDs are written in full: these are official work lists (never log them).
/// </summary>
public static class RoundOutputWriter
{
    private static readonly HashSet<CoverageStatus> Enrolled = [CoverageStatus.FullyEnrolled, CoverageStatus.EnrolledElsewhere];
    private static readonly HashSet<CoverageStatus> NotEnrolled =
        [CoverageStatus.NotEnrolled, CoverageStatus.PartlyEnrolled, CoverageStatus.Lapsed, CoverageStatus.DuplicateEnrollment, CoverageStatus.DeceasedStillEnrolled];

    /// <summary>Writes the outputs; returns the files by kind (enrolled, not_enrolled, rosters, problems, statistics).</summary>
    public static Dictionary<string, string> Write(string outDir, IReadOnlyList<PersonRecord> persons, IReadOnlyList<Problem> problems)
    {
        Directory.CreateDirectory(outDir);
        var rosterDir = Path.Combine(outDir, "rosters");
        if (Directory.Exists(rosterDir)) Directory.Delete(rosterDir, recursive: true);
        Directory.CreateDirectory(rosterDir);
        string[] personCols = ["resident_id", "name", "district_code", "township_code", "coverage_status", "required_insurances", "enrollments", "reasons"];
        WritePersons(Path.Combine(outDir, "enrolled.csv"), personCols, persons.Where(p => Enrolled.Contains(p.Coverage)));
        WritePersons(Path.Combine(outDir, "not_enrolled.csv"), personCols, persons.Where(p => NotEnrolled.Contains(p.Coverage)));
        string[] rosterCols = ["resident_id", "name", "residence_address", "phone", "coverage_status", "required_insurances", "enrollments", "reasons"];
        foreach (var g in persons.Where(PersonAssembler.OnSurveyList).GroupBy(p => p.TownshipCode.Length > 0 ? p.TownshipCode : "unknown_township").OrderBy(g => g.Key, StringComparer.Ordinal))
            WritePersons(Path.Combine(rosterDir, g.Key + ".csv"), rosterCols, g);

        using (var w = Open(Path.Combine(outDir, "problems.csv")))
        {
            foreach (var p in problems)
            {
                using var row = w.NewRow();
                row["kind"].Set(p.Kind); row["resident_id"].Set(p.PersonId); row["other_id"].Set(p.OtherId); row["feed"].Set(p.Feed);
                row["drop"].Set(p.Drop); row["row"].Set(p.Row == 0 ? "" : p.Row.ToString()); row["detail"].Set(p.Detail);
            }
        }

        using (var w = Open(Path.Combine(outDir, "statistics.csv")))
        {
            var statuses = Enum.GetValues<CoverageStatus>();
            foreach (var d in persons.GroupBy(p => p.DistrictCode).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                using var row = w.NewRow();
                row["district_code"].Set(d.Key);
                row["persons"].Set(d.Count().ToString());
                foreach (var s in statuses) row[ComparisonRound.Key(s)].Set(d.Count(p => p.Coverage == s).ToString());
                foreach (var t in InsuranceVocabulary.AllTypes)
                {
                    var key = InsuranceVocabulary.Key(t);
                    row[$"{key}_required"].Set(d.Count(p => p.RequiredInsurances.Contains(key)).ToString());
                    row[$"{key}_paying"].Set(d.Count(p => p.Enrollments.Any(e => e.Insurance == key && e.Status == "paying")).ToString());
                }
                var inScope = d.Count(p => p.Coverage is not (CoverageStatus.OutOfScope or CoverageStatus.DeceasedStillEnrolled));
                var covered = d.Count(p => Enrolled.Contains(p.Coverage));
                row["coverage_rate"].Set(inScope == 0 ? "" : (covered / (double)inScope).ToString("0.0000"));
            }
        }
        return new Dictionary<string, string>
        {
            ["enrolled"] = Path.Combine(outDir, "enrolled.csv"),
            ["not_enrolled"] = Path.Combine(outDir, "not_enrolled.csv"),
            ["rosters"] = rosterDir,
            ["problems"] = Path.Combine(outDir, "problems.csv"),
            ["statistics"] = Path.Combine(outDir, "statistics.csv"),
        };
    }

    private static SepWriter Open(string path) => Sep.New(',').Writer(o => o with { Escape = true }).ToFile(path);

    private static void WritePersons(string path, string[] cols, IEnumerable<PersonRecord> persons)
    {
        using var w = Open(path);
        w.Header.Add(cols);
        foreach (var p in persons)
        {
            using var row = w.NewRow();
            row["resident_id"].Set(p.Id);
            row["name"].Set(p.Name);
            if (cols.Contains("district_code")) { row["district_code"].Set(p.DistrictCode); row["township_code"].Set(p.TownshipCode); }
            if (cols.Contains("residence_address")) { row["residence_address"].Set(p.ResidenceAddress); row["phone"].Set(p.Phone); }
            row["coverage_status"].Set(ComparisonRound.Key(p.Coverage));
            row["required_insurances"].Set(string.Join('|', p.RequiredInsurances));
            row["enrollments"].Set(string.Join('|', p.Enrollments.Select(e => $"{e.Insurance}:{e.Status}{(e.Feed == "other_region_enrollment" ? "@" + e.Region : "")}")));
            row["reasons"].Set(string.Join('|', p.CoverageReasons.Select(r => r.Code)));
        }
    }
}
