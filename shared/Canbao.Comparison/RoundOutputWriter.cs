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

    /// <summary>Per-thread buffer for the joined cells (required insurances, enrollments, reasons): a round writes a
    /// million rows, and joining them through strings was most of the outputs' cost.</summary>
    [ThreadStatic] private static System.Text.StringBuilder? _cell;

    /// <summary>Writes one person as a row of <paramref name="cols"/> (<see cref="PersonColumns"/> or
    /// <see cref="RosterColumns"/>: the writer's header, in that order).</summary>
    internal static void WritePerson(SepWriter w, string[] cols, PersonRecord p)
    {
        var cell = _cell ??= new System.Text.StringBuilder(256);
        using var row = w.NewRow();
        row[0].Set(p.Id);
        row[1].Set(p.Name);
        if (ReferenceEquals(cols, PersonColumns)) { row[2].Set(p.DistrictCode); row[3].Set(p.TownshipCode); }
        else { row[2].Set(p.ResidenceAddress); row[3].Set(p.Phone); }
        row[4].Set(ComparisonRound.Key(p.Coverage));
        cell.Clear();
        foreach (var r in p.RequiredInsurances) (cell.Length > 0 ? cell.Append('|') : cell).Append(r);
        Set(row[5], cell);
        cell.Clear();
        foreach (var e in p.Enrollments)
        {
            (cell.Length > 0 ? cell.Append('|') : cell).Append(e.Insurance).Append(':').Append(e.Status);
            if (e.Feed == "other_region_enrollment") cell.Append('@').Append(e.Region);
        }
        Set(row[6], cell);
        cell.Clear();
        foreach (var r in p.CoverageReasons) (cell.Length > 0 ? cell.Append('|') : cell).Append(r.Code);
        Set(row[7], cell);
    }

    private static void Set(SepWriter.Col col, System.Text.StringBuilder cell)
    {
        if (cell.Length == 0) { col.Set(""); return; }
        foreach (var chunk in cell.GetChunks())
        {
            if (chunk.Length == cell.Length) { col.Set(chunk.Span); return; } // one chunk: no copy
            break;
        }
        col.Set(cell.ToString());
    }
}
