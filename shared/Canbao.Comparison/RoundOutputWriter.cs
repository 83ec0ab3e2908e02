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

    /// <summary>Writes the outputs of a whole round at once (see <see cref="RoundOutputs"/> to append them partition by
    /// partition); returns the files by kind (enrolled, not_enrolled, rosters, problems, statistics).</summary>
    public static Dictionary<string, string> Write(string outDir, IReadOnlyList<PersonRecord> persons, IReadOnlyList<Problem> problems)
    {
        using var outputs = new RoundOutputs(outDir);
        outputs.AppendProblems(problems);
        outputs.Append(persons);
        return outputs.Complete();
    }

    internal static readonly string[] PersonColumns = ["resident_id", "name", "district_code", "township_code", "coverage_status", "required_insurances", "enrollments", "reasons"];
    internal static readonly string[] RosterColumns = ["resident_id", "name", "residence_address", "phone", "coverage_status", "required_insurances", "enrollments", "reasons"];

    /// <summary>True when the person belongs on <c>enrolled.csv</c>.</summary>
    internal static bool IsEnrolled(PersonRecord p) => Enrolled.Contains(p.Coverage);

    /// <summary>True when the person belongs on <c>not_enrolled.csv</c>.</summary>
    internal static bool IsNotEnrolled(PersonRecord p) => NotEnrolled.Contains(p.Coverage);

    /// <summary>A CSV writer on a new UTF-8 file (no byte-order mark) with a 64 KB buffer: a round writes a million rows,
    /// and the default few-KB buffer flushed to the file every few rows.</summary>
    internal static SepWriter Open(string path) =>
        Sep.New(',').Writer(o => o with { Escape = true }).To(new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false), 1 << 16), leaveOpen: false);

    internal static void WriteProblem(SepWriter w, Problem p)
    {
        using var row = w.NewRow();
        row["kind"].Set(p.Kind); row["resident_id"].Set(p.PersonId); row["other_id"].Set(p.OtherId); row["feed"].Set(p.Feed);
        row["drop"].Set(p.Drop); row["row"].Set(p.Row == 0 ? "" : p.Row.ToString()); row["detail"].Set(p.Detail);
    }

    internal static void WritePerson(SepWriter w, string[] cols, PersonRecord p)
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
