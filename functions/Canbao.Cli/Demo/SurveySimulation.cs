using System.Globalization;
using System.Text;
using Canbao.Domain.Standard;
using Canbao.Reports.Rosters;

namespace Canbao.Cli.Demo;

/// <summary>
/// Stands in for township survey staff (入户调查): fills a dispatched roster in deterministically and saves it as the CSV a
/// township would return. A person the truth knows is visited (已登记) and the insurance columns are filled with the
/// truth's enrollments (未参保 for the rest); a person the truth does not know, and every tenth person by resident-ID
/// checksum, is not reachable (无法联系).
/// </summary>
/// <param name="truthEnrollments">Resident ID → the truth's enrollments, <c>insurance:status:region;…</c> (samples/city/truth/persons.csv).</param>
/// <param name="surveyDate">The date written as 调查日期.</param>
public sealed class SurveySimulation(IReadOnlyDictionary<string, string> truthEnrollments, DateOnly surveyDate)
{
    /// <summary>Loads the truth's enrollments of one period from <c>persons.csv</c> (columns resident_id … period, enrollments).</summary>
    public static Dictionary<string, string> LoadTruth(string personsCsv, string period)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        using var reader = new StreamReader(personsCsv, Encoding.UTF8);
        var header = (reader.ReadLine() ?? "").Split(',');
        int id = Array.IndexOf(header, "resident_id"), per = Array.IndexOf(header, "period"), enr = Array.IndexOf(header, "enrollments");
        if (id < 0 || per < 0 || enr < 0) throw new InvalidDataException($"{personsCsv}: header lacks resident_id, period or enrollments");
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            var cells = line.Split(',');
            if (cells.Length > Math.Max(per, enr) && cells[per] == period) map[cells[id]] = cells[enr];
        }
        return map;
    }

    /// <summary>Writes the filled roster as CSV (UTF-8 with BOM, RFC 4180 quoting); returns visited and unreachable counts.</summary>
    public (int Visited, int Unreachable) Fill(Roster roster, string path)
    {
        int visited = 0, unreachable = 0;
        var sb = new StringBuilder();
        sb.Append(string.Join(',', RosterLayout.All.Select(Quote))).Append("\r\n");
        var entries = roster.Entries.GetEnumerator();
        foreach (var row in RosterWriter.Rows(roster))
        {
            entries.MoveNext();
            var e = entries.Current;
            var known = truthEnrollments.TryGetValue(e.ResidentId, out var enrollments);
            var reachable = known && (e.ResidentId[16] - '0') % 10 != 0;
            if (reachable)
            {
                visited++;
                foreach (var t in InsuranceVocabulary.AllTypes) row[RosterLayout.InsuranceColumn(t)] = RosterLayout.NotEnrolled;
                foreach (var part in (enrollments ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
                {
                    var f = part.Split(':');
                    var type = InsuranceVocabulary.AllTypes.FirstOrDefault(t => InsuranceVocabulary.Key(t) == f[0], (InsuranceType)0);
                    if ((int)type == 0 || f.Length < 2) continue;
                    var status = f[1] switch { "paying" => EnrollmentStatus.Paying, "suspended" => EnrollmentStatus.Suspended, _ => EnrollmentStatus.Terminated };
                    row[RosterLayout.InsuranceColumn(type)] = InsuranceVocabulary.ChineseName(status);
                    if (f.Length > 2) row[StandardFields.EnrollmentRegion.Label] = f[2];
                }
                row[RosterLayout.Outcome] = SurveyOutcomes.ChineseName(SurveyOutcome.Registered);
            }
            else
            {
                unreachable++;
                row[RosterLayout.Outcome] = SurveyOutcomes.ChineseName(SurveyOutcome.Unreachable);
                row[RosterLayout.Note] = "三次上门未遇";
            }
            row[RosterLayout.Surveyor] = "调查员" + roster.TownshipCode[^3..];
            row[RosterLayout.SurveyDate] = surveyDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            sb.Append(string.Join(',', RosterLayout.All.Select(c => Quote(row[c].ToString() ?? "")))).Append("\r\n");
        }
        File.WriteAllText(path, sb.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        return (visited, unreachable);
    }

    private static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
