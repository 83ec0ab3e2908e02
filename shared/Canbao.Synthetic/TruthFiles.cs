using System.Globalization;
using System.Text;
using Canbao.Domain.Identifiers;
using Canbao.Domain.Standard;

namespace Canbao.Synthetic;

/// <summary>
/// The ground-truth files under DIR/truth/ (UTF-8, no BOM, LF, comma-separated, header first; no value contains a
/// comma, quote or line break): persons.csv, rows.csv, faults.csv, and README.md describing them.
/// </summary>
public static class TruthFiles
{
    /// <summary>Header of persons.csv.</summary>
    public const string PersonsHeader = "resident_id,name,sex,birth_date,district_code,township_code,hukou_in_city,situation,expected_insurances,coverage_status,period,enrollments";

    /// <summary>Header of rows.csv.</summary>
    public const string RowsHeader = "feed,file,row,resident_id,fault,expected_outcome";

    /// <summary>Header of faults.csv.</summary>
    public const string FaultsHeader = "period,fault,configured_rate,eligible_rows,injected_rows";

    /// <summary>Writes one persons.csv line: the person's truth on the period's last day.</summary>
    public static void WritePerson(TextWriter w, StringBuilder line, Person p, PeriodWindow period, string cityCode)
    {
        var situation = Life.SituationOn(p, period.End);
        var enrollments = Life.EnrollmentsOn(p, period.End, cityCode);
        var status = CoverageRules.Classify(situation, enrollments);
        line.Clear();
        line.Append(p.Id).Append(',').Append(p.Name).Append(',').Append(p.Sex == Sex.Male ? "male" : "female").Append(',')
            .Append(p.Birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',')
            .Append(p.District.Code).Append(',').Append(p.Township.Code).Append(',').Append(p.HukouInCity ? "true" : "false").Append(',')
            .Append(CoverageRules.Key(situation)).Append(',');
        var expected = CoverageRules.Expected(situation);
        for (var i = 0; i < expected.Count; i++) line.Append(i > 0 ? ";" : "").Append(InsuranceVocabulary.Key(expected[i]));
        line.Append(',').Append(CoverageRules.Key(status)).Append(',').Append(period.Name).Append(',');
        for (var i = 0; i < enrollments.Count; i++)
        {
            var e = enrollments[i];
            line.Append(i > 0 ? ";" : "").Append(InsuranceVocabulary.Key(e.Type)).Append(':')
                .Append(e.Status switch { EnrollmentStatus.Paying => "paying", EnrollmentStatus.Suspended => "suspended", _ => "terminated" })
                .Append(':').Append(e.Region);
        }
        w.WriteLine(line);
    }

    /// <summary>Writes one rows.csv line.</summary>
    public static void WriteRow(TextWriter w, StringBuilder line, string feed, string file, long row, DropRow r)
    {
        line.Clear();
        line.Append(feed).Append(',').Append(file).Append(',').Append(row).Append(',').Append(r.TrueId).Append(',').Append(r.Fault).Append(',').Append(r.Expected);
        w.WriteLine(line);
    }

    /// <summary>Appends the period's fault counts to faults.csv (creating it with its header).</summary>
    public static void AppendFaults(string path, PeriodWindow period, IReadOnlyDictionary<string, double> rates, FaultCounter counter)
    {
        var sb = new StringBuilder();
        if (period.IsBase || !File.Exists(path)) sb.Append(FaultsHeader).Append('\n');
        for (var i = 0; i < Faults.All.Count; i++)
            sb.Append(period.Name).Append(',').Append(Faults.All[i]).Append(',').Append(rates[Faults.All[i]].ToString("R", CultureInfo.InvariantCulture))
                .Append(',').Append(counter.Eligible[i]).Append(',').Append(counter.Injected[i]).Append('\n');
        if (period.IsBase) File.WriteAllText(path, sb.ToString(), new UTF8Encoding(false));
        else File.AppendAllText(path, sb.ToString(), new UTF8Encoding(false));
    }

    /// <summary>truth/README.md.</summary>
    public const string Readme = """
# Ground truth of a synthetic city (`canbao generate`)

Written by `canbao generate` (shared/Canbao.Synthetic). Every file is UTF-8 without BOM, LF line ends, comma-separated,
header first; no value holds a comma, quote or line break. A later `--period` APPENDS its lines (column `period` /
the file name tells them apart). Same seed and arguments → byte-identical files.

## generation.json
The run's seed, persons, city, first (`base_period`) and every period written, and the fault rates. A later period
must repeat seed, persons, city and rates.

## persons.csv — one line per person per period
| column | meaning |
|---|---|
| resident_id | canonical 18-character resident ID (GB 11643-1999; region code in force at birth, e.g. 632124 for 湟中 before 1999) |
| name | name as registered (ethnic-minority names with U+00B7; a few CJK characters outside the BMP) |
| sex | male / female (agrees with the ID's sequence parity) |
| birth_date | yyyy-MM-dd (equals the ID's embedded date) |
| district_code | current 6-digit code of the district of residence |
| township_code | 9-digit township/street code of the CURRENT residence (survey routing) |
| hukou_in_city | true for the city's registered population (户籍), false for residence-permit holders from other provinces |
| situation | employee, self_employed, unemployed, student, child, newborn, prisoner, land_expropriated, pensioner, elderly_resident, deceased, migrated_out — on the period's last day |
| expected_insurances | `;`-separated keys (InsuranceVocabulary.Key) the person should be in; empty for none |
| coverage_status | fully_enrolled, partly_enrolled, not_enrolled, lapsed, duplicate_enrollment, deceased_still_enrolled, enrolled_elsewhere, out_of_scope (the generator never produces needs_verification: every injected disagreement is decidable by source precedence — the ID's own birth date and sex win) |
| period | yyyy-MM |
| enrollments | `;`-separated `type:status:region` of every enrollment on that day (status paying/suspended/terminated; region 630100 = the city, other codes = another region, reported in other_region_enrollment) |

A person is listed from the first period in which they are known (born, and moved in when they moved in later).
Persons who died or moved out stay listed (deceased / migrated_out).

### Who should be in what (situation → expected_insurances)
Sources: 宁政办〔2017〕38号 (scope), 《社会保险法》 arts. 10, 23, 国发〔2014〕8号, 国发〔2016〕3号, 国办发〔2006〕29号.
| situation | expected | how the feeds show it |
|---|---|---|
| employee (working age, employed) | employee_pension; employee_medical | tax (every employee, with employer), construction_workers (construction firms' staff), employee enrollment |
| pensioner (former employee; men ≥ 60, women ≥ 55) | employee_pension; employee_medical | employee enrollment (drawing the pension) |
| self_employed, unemployed, elderly_resident | resident_pension; resident_medical | household registry / residence permit only ("other adult") |
| student (6–17, and 18–22 in college) | resident_medical | students (every one is listed) |
| child (1–5), newborn (< 1) | resident_medical | household registry, newborns |
| land_expropriated | land_expropriated_pension; resident_medical | civil_affairs with 救助类别 = 被征地农民 |
| prisoner, deceased, migrated_out | none | prisoners (入监 without later 出监), deaths, migrations (迁出) |

### Coverage status (first rule that applies)
1. deceased: any enrollment still 参保缴费 (paying) → deceased_still_enrolled, else out_of_scope;
2. prisoner or migrated_out → out_of_scope;
3. paying into employee AND resident medical, or employee AND resident pension, or the same type in two regions → duplicate_enrollment;
4. every expected type paying somewhere → enrolled_elsewhere if any of them only in another region, else fully_enrolled;
5. an expected type enrolled but only 暂停缴费/终止参保 → lapsed;
6. some expected types paying → partly_enrolled; none → not_enrolled.

## rows.csv — one line per data row of every drop
| column | meaning |
|---|---|
| feed | feed id (Canbao.Domain.Standard.FeedCatalog) |
| file | path under drops/, e.g. `household_registry/2017-03-630102.csv` (`<feed>/<period>-<district>.<csv/xlsx/txt>`) |
| row | data row number from 1 (header not counted; fixed-width files have no header) |
| resident_id | the true person's canonical ID; empty for garbage rows and employer rows (employers feed rows describe firms) |
| fault | empty, or one injected fault (below) |
| expected_outcome | accepted / held / rejected, as `canbao validate` should decide |

Faults (rate per ELIGIBLE row, see faults.csv; at most one per row):
id_typo, id_transposition (→ rejected: check character), id_legacy15 (15-digit form, born 19xx → accepted, upgraded),
id_scientific (6.30102E+17 → rejected), id_precision_lost (last 3 digits 000 → rejected), id_numeric_cell (XLSX ID cell
stored as a number → rejected), id_lowercase_x (IDs ending in X → accepted), fullwidth (full-width ID → accepted),
name_dot_variant (dotted names; • ・ ． ‧ . ･ ⋅ → accepted), name_spaces (→ accepted), duplicate_row (second copy of the
row above → accepted), missing_field (a non-ID cell emptied → rejected when the field is required, else accepted),
birth_date_mismatch (出生日期 disagrees with the ID → held), stale_address (household registry shows the previous
residence → accepted), garbage (total/test/repeated-header rows, no person → rejected). The outcome of an ID fault is
what ResidentIdParser decides for the written text.

## faults.csv
`period,fault,configured_rate,eligible_rows,injected_rows` per period and fault.

## The drops
`drops/<feed>/<period>-<district code>.<ext>` (employers: one file per city). The first period writes every feed
(household_registry, residence_permit, enrollment, other_region_enrollment, newborns, deaths, students, prisoners,
civil_affairs, employers, tax, construction_workers, social_security_card; change feeds report the 12 months before it);
a later period writes the changes since the previous one (newborns, deaths, migrations, prisoners) plus updated
enrollment and other_region_enrollment. Files are UTF-8, UTF-8 with BOM or GB18030 CSV, XLSX (ID cells as text), and
deaths as fixed-width GB18030 (FeedCatalog.Deaths layout, byte offsets). Dates are yyyyMMdd, yyyy-MM-dd, yyyy/M/d or
yyyy年M月d日 per file; sex 男/女 or 1/2; insurance types as codes (110, 310, 170, 390, 190) or Chinese names.
""";
}
