using System.Globalization;
using Canbao.Domain.Identifiers;
using Canbao.Domain.Standard;
using Canbao.Domain.Validation;

namespace Canbao.Synthetic;

/// <summary>Counts, per fault, the rows that were eligible for it and the rows it was injected into.</summary>
public sealed class FaultCounter
{
    /// <summary>Eligible rows per fault (index in <see cref="Faults.All"/>).</summary>
    public long[] Eligible { get; } = new long[Faults.All.Count];
    /// <summary>Injected rows per fault.</summary>
    public long[] Injected { get; } = new long[Faults.All.Count];

    /// <summary>Adds another counter's counts.</summary>
    public void Add(FaultCounter other)
    {
        for (var i = 0; i < Eligible.Length; i++) { Eligible[i] += other.Eligible[i]; Injected[i] += other.Injected[i]; }
    }
}

/// <summary>
/// Builds the rows a department would send about one person for one feed and period, in the feed's columns and the
/// file's value forms, then injects at most one fault per row and records what the validator should decide.
/// </summary>
public sealed class FeedRows
{
    /// <summary>Feeds written only in the first period (snapshots); the others are written every period.</summary>
    public static readonly IReadOnlyList<FeedSpec> SnapshotFeeds =
        [FeedCatalog.HouseholdRegistry, FeedCatalog.ResidencePermit, FeedCatalog.Students, FeedCatalog.CivilAffairs, FeedCatalog.Tax, FeedCatalog.ConstructionWorkers, FeedCatalog.SocialSecurityCard];

    /// <summary>Feeds written every period: enrollment snapshots and the change feeds.</summary>
    public static readonly IReadOnlyList<FeedSpec> PeriodFeeds =
        [FeedCatalog.Enrollment, FeedCatalog.OtherRegionEnrollment, FeedCatalog.Newborns, FeedCatalog.Deaths, FeedCatalog.Migrations, FeedCatalog.Prisoners];

    private static readonly string[] DotVariants = ["\u2022", "\u30FB", "\uFF0E", "\u2027", ".", "\uFF65", "\u22C5"];
    private static readonly string[] Garbage = ["合计", "小计", "测试", "以下空白"];

    private readonly ulong _seed;
    private readonly IReadOnlyDictionary<string, double> _rates;
    private readonly double[] _rateArray;
    private readonly EmployerPool _employers;
    private readonly CityMap _city;
    private readonly PeriodWindow _period;

    /// <summary>Creates a builder for one period.</summary>
    public FeedRows(ulong seed, IReadOnlyDictionary<string, double> rates, EmployerPool employers, CityMap city, PeriodWindow period)
    {
        _seed = seed;
        _rates = rates;
        _rateArray = Faults.All.Select(f => rates[f]).ToArray();
        _employers = employers;
        _city = city;
        _period = period;
    }

    /// <summary>The feeds this period writes, in catalog order.</summary>
    public IReadOnlyList<FeedSpec> Feeds => FeedCatalog.All.Where(f => PeriodFeeds.Contains(f) || (_period.IsBase && SnapshotFeeds.Contains(f))).ToArray();

    /// <summary>Picks the style of one drop (deterministic in seed, feed, district and period).</summary>
    public FileStyle StyleFor(FeedSpec feed, int district)
    {
        var rng = new Rng(_seed, 9, (ulong)FeedIndex(feed), ((ulong)district << 32) | (uint)_period.End.DayNumber);
        if (feed.FixedWidth is not null) return new FileStyle(DropFormat.FixedWidth, "yyyyMMdd", true, true);
        var big = feed == FeedCatalog.HouseholdRegistry || feed == FeedCatalog.Enrollment || feed == FeedCatalog.SocialSecurityCard || feed == FeedCatalog.Tax;
        DropFormat[] formats = big ? [DropFormat.Utf8, DropFormat.Utf8Bom, DropFormat.Gb18030] : [DropFormat.Utf8, DropFormat.Utf8Bom, DropFormat.Gb18030, DropFormat.Xlsx, DropFormat.Xlsx];
        string[] dates = ["yyyyMMdd", "yyyy-MM-dd", "yyyy/M/d", "yyyy年M月d日"];
        return new FileStyle(formats[rng.Next(formats.Length)], dates[rng.Next(dates.Length)], rng.Chance(0.4), rng.Chance(0.6));
    }

    private static int FeedIndex(FeedSpec feed)
    {
        for (var i = 0; i < FeedCatalog.All.Count; i++) if (FeedCatalog.All[i] == feed) return i;
        return -1;
    }

    /// <summary>Facts of one row beyond the person: the enrollment, the event, the institution.</summary>
    private readonly record struct Facts(Enrollment? Enrollment = null, string? EventKind = null, DateOnly? EventDate = null, string? Institution = null, bool NoId = false, Employer? Employer = null);

    /// <summary>Appends the rows of one person for one feed (none when the person is not in it this period).</summary>
    public void Build(FeedSpec feed, Person p, FileStyle style, List<DropRow> output, FaultCounter counter)
    {
        var t = _period.End;
        if (!p.KnownBy(t)) return;
        var situation = Life.SituationOn(p, t);
        var alive = situation is not (Situation.Deceased or Situation.MigratedOut);
        var start = output.Count;
        switch (feed.Id)
        {
            case "household_registry":
                if (p.HukouInCity && alive) Add(feed, p, style, output, default);
                break;
            case "residence_permit":
                if (!p.HukouInCity && alive) Add(feed, p, style, output, new Facts(EventDate: Max(p.Birth, t.AddDays(-(int)(p.Seed % 1000)))));
                break;
            case "students":
                if (situation == Situation.Student) Add(feed, p, style, output, default);
                break;
            case "civil_affairs":
                if (alive && (p.Assistance is not null || situation == Situation.LandExpropriated))
                    Add(feed, p, style, output, new Facts(Institution: p.Assistance == "特困供养" ? string.Concat(p.District.Name, "社会福利中心") : null));
                break;
            case "tax":
            case "construction_workers":
                if (situation == Situation.Employee && (feed.Id == "tax" || _employers.Get(p.Employer).Construction)) Add(feed, p, style, output, default);
                break;
            case "social_security_card":
                if (alive && p.HasCard && Life.EnrollmentsOn(p, t, _city.CityCode).Count > 0) Add(feed, p, style, output, default);
                break;
            case "enrollment":
            case "other_region_enrollment":
                if (situation == Situation.MigratedOut) break;
                foreach (var e in Life.EnrollmentsOn(p, t, _city.CityCode))
                    if (e.Local == (feed.Id == "enrollment")) Add(feed, p, style, output, new Facts(Enrollment: e));
                break;
            case "newborns":
                if (_period.InWindow(p.Birth)) Add(feed, p, style, output, new Facts(EventDate: p.Birth, NoId: new Rng(p.Seed, 12).Chance(0.25)));
                break;
            case "deaths":
                if (_period.InWindow(p.Death)) Add(feed, p, style, output, new Facts(EventDate: p.Death));
                break;
            case "migrations":
                if (_period.InWindow(p.MoveIn)) Add(feed, p, style, output, new Facts(EventKind: "迁入", EventDate: p.MoveIn));
                if (_period.InWindow(p.MoveOut)) Add(feed, p, style, output, new Facts(EventKind: "迁出", EventDate: p.MoveOut));
                break;
            case "prisoners":
                if (p.Death is { } died && died <= t) break;
                var prison = string.Concat(_city.CityName[..2], "监狱");
                if (p.PrisonIn is { } pin && (_period.InWindow(pin) || (_period.IsBase && p.InPrison(t))))
                    Add(feed, p, style, output, new Facts(EventKind: "入监", EventDate: pin, Institution: prison));
                if (_period.InWindow(p.PrisonOut)) Add(feed, p, style, output, new Facts(EventKind: "出监", EventDate: p.PrisonOut, Institution: prison));
                break;
        }
        // Faults, duplicates and garbage on the clean rows just built.
        var end = output.Count;
        for (var k = start; k < end; k++)
        {
            var rng = new Rng(_seed, 11, ((ulong)FeedIndex(feed) << 40) | ((ulong)p.District.Index << 32) | (uint)p.Number, ((ulong)_period.End.DayNumber << 8) | (uint)(k - start));
            Inject(feed, style, p, output[k], ref rng, counter, output);
        }
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static bool HasEmployerColumn(FeedSpec feed)
    {
        foreach (var f in feed.Fields) if (f.Field.Key is "employer_name" or "employer_uscc") return true;
        return false;
    }

    private void Add(FeedSpec feed, Person p, FileStyle style, List<DropRow> output, Facts facts)
    {
        if (p.Employer >= 0 && HasEmployerColumn(feed)) facts = facts with { Employer = EmployerOf(p, facts) };
        var values = new string?[feed.Fields.Count];
        for (var i = 0; i < values.Length; i++) values[i] = Value(feed.Fields[i].Field.Key, p, style, facts);
        // A fixed-width export cuts a value longer than its field at a character boundary (e.g. a long name in 20 bytes).
        if (style.Format == DropFormat.FixedWidth) FixedWidthFit.TruncateAll(feed, values);
        output.Add(new DropRow { Values = values, TrueId = p.Id });
    }

    private string? Value(string key, Person p, FileStyle style, Facts f) => key switch
    {
        "resident_id" => f.NoId ? null : p.Id,
        "name" => p.Name,
        "sex" => style.SexAsCode ? (p.Sex == Sex.Male ? "1" : "2") : (p.Sex == Sex.Male ? "男" : "女"),
        "birth_date" => Date(p.Birth, style),
        "hukou_address" => p.HukouAddress,
        "hukou_region" => p.HukouInCity ? p.District.Code : p.Id[..6],
        "residence_address" => p.Address,
        "residence_township" => p.Township.Code,
        "phone" => p.Phone,
        "employer_name" => f.Employer?.Name,
        "employer_uscc" => f.Employer?.Uscc,
        "person_category" => p.Assistance ?? (p.Occupation == Occupation.LandExpropriated ? "被征地农民" : null),
        "insurance_type" => f.Enrollment is { } en ? (style.InsuranceAsCode ? ((int)en.Type).ToString(CultureInfo.InvariantCulture) : InsuranceVocabulary.ChineseName(en.Type))
            : (style.InsuranceAsCode ? "110" : InsuranceVocabulary.ChineseName(InsuranceType.EmployeePension)),
        "enrollment_status" => f.Enrollment is { } es ? InsuranceVocabulary.ChineseName(es.Status) : null,
        "enrollment_region" => f.Enrollment?.Region,
        "enrollment_date" => f.Enrollment is { } ed ? Date(ed.Since, style) : null,
        "event_date" => f.EventDate is { } d ? Date(d, style) : null,
        "event_kind" => f.EventKind,
        "household_id" => p.HouseholdId,
        "relation" => p.Relation,
        "permit_number" => p.PermitNumber,
        "mother_id" => p.MotherId,
        "school" => School(p),
        "institution" => f.Institution,
        "card_status" => "正常",
        "contribution_month" => _period.Compact,
        _ => null,
    };

    private Employer? EmployerOf(Person p, Facts f)
    {
        if (p.Employer < 0) return null;
        if (f.Enrollment is { } e && e.Type is not (InsuranceType.EmployeePension or InsuranceType.EmployeeMedical)) return null;
        return _employers.Get(p.Employer);
    }

    private string School(Person p)
    {
        var age = Life.Age(p.Birth, _period.End);
        var n = (int)(p.Seed % 20) + 1;
        var city = _city.CityName;
        return age < 12 ? string.Concat(city, p.District.Name, "第", n.ToString(CultureInfo.InvariantCulture), "小学")
            : age < 18 ? string.Concat(city, "第", n.ToString(CultureInfo.InvariantCulture), "中学")
            : n % 3 == 0 ? "青海大学" : n % 3 == 1 ? "青海师范大学" : "青海民族大学";
    }

    private static string Date(DateOnly d, FileStyle style) => d.ToString(style.DateFormat, CultureInfo.InvariantCulture);

    private void Inject(FeedSpec feed, FileStyle style, Person p, DropRow row, ref Rng rng, FaultCounter counter, List<DropRow> output)
    {
        var idIdx = IndexOf(feed, "resident_id");
        var nameIdx = IndexOf(feed, "name");
        var birthIdx = IndexOf(feed, "birth_date");
        var id = idIdx >= 0 ? row.Values[idIdx] : null;
        var hasId = !string.IsNullOrEmpty(id);
        var fixedWidth = style.Format == DropFormat.FixedWidth;
        var u = rng.NextDouble();
        var lo = 0.0;
        var chosen = -1;
        for (var f = 0; f < Faults.All.Count; f++)
        {
            var code = Faults.All[f];
            if (code == Faults.Garbage) continue;
            var eligible = code switch
            {
                Faults.IdTypo or Faults.IdTransposition => hasId,
                Faults.IdLegacy15 => hasId && id![6] == '1' && id[7] == '9',
                Faults.IdScientific or Faults.IdPrecisionLost or Faults.Fullwidth => hasId && !fixedWidth,
                Faults.IdNumericCell => hasId && style.Format == DropFormat.Xlsx && id![17] != 'X',
                Faults.IdLowercaseX => hasId && id![17] == 'X',
                Faults.NameDotVariant => nameIdx >= 0 && row.Values[nameIdx]!.Contains('\u00B7'),
                Faults.NameSpaces => nameIdx >= 0 && !string.IsNullOrEmpty(row.Values[nameIdx]),
                Faults.DuplicateRow => true,
                Faults.MissingField => HasNonIdValue(row.Values, idIdx),
                Faults.BirthDateMismatch => birthIdx >= 0 && hasId,
                Faults.StaleAddress => feed == FeedCatalog.HouseholdRegistry,
                _ => false,
            };
            if (eligible)
            {
                counter.Eligible[f]++;
                if (chosen < 0 && u >= lo && u < lo + _rateArray[f]) chosen = f;
            }
            lo += _rateArray[f];
        }
        var garbageIdx = Faults.All.Count - 1;
        counter.Eligible[garbageIdx]++;
        if (rng.NextDouble() < _rateArray[garbageIdx])
        {
            counter.Injected[garbageIdx]++;
            var junk = new string?[feed.Fields.Count];
            var kind = rng.Next(3);
            // A fixed-width file has no header to repeat, and its headers do not fit the fields (性别 is 4 bytes, the
            // field 1): it gets a total/test line instead.
            if (kind == 1 && fixedWidth) kind = 0;
            if (kind == 0 && nameIdx >= 0) junk[nameIdx] = rng.Pick(Garbage);
            else if (kind == 1) for (var i = 0; i < junk.Length; i++) junk[i] = feed.Fields[i].Header;
            else if (idIdx >= 0) junk[idIdx] = "000000000000000000";
            else junk[0] = rng.Pick(Garbage);
            if (fixedWidth) FixedWidthFit.TruncateAll(feed, junk);
            output.Add(new DropRow { Values = junk, Fault = Faults.Garbage, Expected = "rejected" });
        }
        if (chosen < 0) return;
        counter.Injected[chosen]++;
        var fault = Faults.All[chosen];
        row.Fault = fault;
        var v = row.Values;
        // Fixed width: a fault whose written form does not fit its field falls back to a form that fits, else is not
        // applied (the clean row is written and the truth says so).
        var clean = fixedWidth ? (string?[])v.Clone() : null;
        var cleanExpected = row.Expected;
        var decided = false;
        switch (fault)
        {
            case Faults.IdTypo:
            {
                var pos = rng.Next(17);
                var digit = (char)('0' + (id![pos] - '0' + 1 + rng.Next(9)) % 10);
                v[idIdx] = string.Concat(id.AsSpan(0, pos), [digit], id.AsSpan(pos + 1));
                break;
            }
            case Faults.IdTransposition:
            {
                var pos = rng.Next(16);
                for (var tries = 0; tries < 16 && id![pos] == id[pos + 1]; tries++) pos = (pos + 1) % 16;
                var a = id!.ToCharArray();
                (a[pos], a[pos + 1]) = (a[pos + 1], a[pos]);
                v[idIdx] = new string(a);
                break;
            }
            case Faults.IdLegacy15:
                v[idIdx] = string.Concat(id.AsSpan(0, 6), id.AsSpan(8, 9));
                break;
            case Faults.IdScientific:
                v[idIdx] = double.Parse(id!.AsSpan(0, 17), CultureInfo.InvariantCulture).ToString("0.#####E+00", CultureInfo.InvariantCulture);
                break;
            case Faults.IdPrecisionLost:
                v[idIdx] = string.Concat(id.AsSpan(0, 15), "000");
                break;
            case Faults.IdNumericCell:
                row.NumericId = true;
                break;
            case Faults.IdLowercaseX:
                v[idIdx] = string.Concat(id.AsSpan(0, 17), "x");
                break;
            case Faults.Fullwidth:
                v[idIdx] = string.Create(18, id!, static (span, s) => { for (var i = 0; i < 18; i++) span[i] = s[i] == 'X' ? '\uFF38' : (char)(s[i] - '0' + 0xFF10); });
                break;
            case Faults.NameDotVariant:
            {
                var name = v[nameIdx]!;
                var pick = Array.IndexOf(DotVariants, rng.Pick(DotVariants));
                for (var tries = 0; tries < DotVariants.Length; tries++)
                {
                    v[nameIdx] = name.Replace("\u00B7", DotVariants[(pick + tries) % DotVariants.Length], StringComparison.Ordinal);
                    if (!fixedWidth || FixedWidthFit.Fits(feed, v)) break;
                }
                break;
            }
            case Faults.NameSpaces:
            {
                var name = v[nameIdx]!;
                var at = name.Length > 1 && !char.IsSurrogate(name[1]) ? 1 : name.Length;
                var form = rng.Next(3);
                for (var tries = 0; tries < 3; tries++)
                {
                    v[nameIdx] = ((form + tries) % 3) switch
                    {
                        0 => string.Concat(name.AsSpan(0, at), "\u3000", name.AsSpan(at)),
                        1 => string.Concat(" ", name, " "),
                        _ => string.Concat(name.AsSpan(0, at), " ", name.AsSpan(at)),
                    };
                    if (!fixedWidth || FixedWidthFit.Fits(feed, v)) break;
                }
                break;
            }
            case Faults.DuplicateRow:
                output.Add(new DropRow { Values = (string?[])v.Clone(), TrueId = row.TrueId, Fault = Faults.DuplicateRow });
                row.Fault = "";
                return;
            case Faults.MissingField:
            {
                var candidates = Enumerable.Range(0, v.Length).Where(i => i != idIdx && !string.IsNullOrEmpty(v[i])).ToArray();
                var k = candidates[rng.Next(candidates.Length)];
                v[k] = null;
                row.Expected = feed.Fields[k].Required ? "rejected" : "accepted";
                decided = true;
                break;
            }
            case Faults.BirthDateMismatch:
                v[birthIdx] = Date(DateOnly.ParseExact(id.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture).AddDays(-1 - rng.Next(400)), style);
                row.Expected = "held";
                decided = true;
                break;
            case Faults.StaleAddress:
                v[IndexOf(feed, "residence_address")] = p.PreviousAddress;
                v[IndexOf(feed, "residence_township")] = p.PreviousTownship.Code;
                decided = true;
                break;
        }
        if (clean is not null && !FixedWidthFit.Fits(feed, v))
        {
            Array.Copy(clean, v, v.Length);
            row.Fault = "";
            row.Expected = cleanExpected;
            row.NumericId = false;
            counter.Injected[chosen]--;
            return;
        }
        if (decided || fault is Faults.NameDotVariant or Faults.NameSpaces) return;
        // ID faults: decided by the resident-ID rules themselves (an XLSX numeric cell is never trusted).
        var parsed = ResidentIdParser.Parse(v[idIdx], _period.End, null, row.NumericId);
        // A damaged ID that still validates (id_precision_lost: 1 in 11) may carry the other sex in its sequence digit; the
        // validator then holds the row for the sex column's conflict with the ID (SEX_MISMATCH).
        var sexIdx = IndexOf(feed, "sex");
        var sexConflict = parsed.Id is { } written && sexIdx >= 0 && !string.IsNullOrEmpty(v[sexIdx]) && written.Sex != p.Sex;
        row.Expected = !parsed.IsValid ? "rejected" : parsed.Issues.Count > 0 || sexConflict ? "held" : "accepted";
    }

    private static bool HasNonIdValue(string?[] values, int idIdx)
    {
        for (var i = 0; i < values.Length; i++) if (i != idIdx && !string.IsNullOrEmpty(values[i])) return true;
        return false;
    }

    private static int IndexOf(FeedSpec feed, string key)
    {
        for (var i = 0; i < feed.Fields.Count; i++) if (feed.Fields[i].Field.Key == key) return i;
        return -1;
    }
}
