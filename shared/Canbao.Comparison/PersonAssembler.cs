using System.Globalization;
using System.Text.Json;
using Canbao.Domain.Coverage;
using Canbao.Domain.Identifiers;
using Canbao.Domain.Matching;
using Canbao.Domain.Persons;
using Canbao.Domain.Standard;

namespace Canbao.Comparison;

/// <summary>
/// Builds one <see cref="PersonRecord"/> from the rows resolved to a resident ID: master fields by
/// <see cref="FeedPrecedence"/> (birth date and sex from the ID), conflicts, situations, enrollments, coverage by
/// <see cref="CoverageClassifier"/>, survey state and the source records as evidence. Pure.
/// </summary>
public static class PersonAssembler
{
    /// <summary>Coverage statuses that put a person on a survey roster (DESIGN: not enrolled, partly enrolled, or information missing or in conflict).</summary>
    public static readonly IReadOnlySet<CoverageStatus> SurveyStatuses = new HashSet<CoverageStatus>
        { CoverageStatus.NotEnrolled, CoverageStatus.PartlyEnrolled, CoverageStatus.Lapsed, CoverageStatus.NeedsVerification };

    /// <summary>True when the person is on the round's survey list: a survey state (open or with an outcome the store
    /// kept, see <see cref="RecordMerger"/>) and a coverage status in <see cref="SurveyStatuses"/>. A kept outcome of a
    /// person who is covered now is history, not a task.</summary>
    public static bool OnSurveyList(PersonRecord p) => p.Survey is not null && SurveyStatuses.Contains(p.Coverage);

    private static readonly Dictionary<Situation, string> SituationKeys = Enum.GetValues<Situation>()
        .ToDictionary(s => s, s => JsonNamingPolicy.SnakeCaseLower.ConvertName(s.ToString()));

    /// <summary>Assembles a person. Written as loops over the rows, not LINQ: it runs once per person of a round (a
    /// million times for a city), and the common case (one name, no conflicting columns) allocates only the record.</summary>
    /// <param name="id">Canonical resident ID.</param>
    /// <param name="rows">The person's rows, in drop order (later drops later).</param>
    /// <param name="roundDate">The round's date (ages are computed at it).</param>
    /// <param name="classifier">The coverage classifier.</param>
    /// <param name="extracts">The round's snapshot extracts (<see cref="IResolvedBatch.Extracts"/>): enrollment rows of
    /// an extract a later one of the same scope replaced are evidence, not current enrollments. Null: only the person's
    /// own rows decide (each enrollment feed's latest period among them).</param>
    public static PersonRecord Assemble(string id, IReadOnlyList<ResolvedRow> rows, DateOnly roundDate, CoverageClassifier classifier, ExtractPeriods? extracts = null)
    {
        var rid = ResidentId.FromCanonical(id);
        var ranked = Ranked(rows); // stable: drop order within a rank
        var person = new PersonRecord { Id = id, DistrictCode = "", BirthDate = rid.BirthDate, Sex = rid.Sex };

        // Name by precedence; undecided when the best rank holds two different names.
        var undecided = false;
        ResolvedRow? firstNamed = null;
        var firstName = "";
        var sameText = true;
        foreach (var r in ranked)
        {
            var name = r.Row.Get("name");
            if (name.Length == 0) continue;
            if (firstNamed is null) (firstNamed, firstName) = (r, name);
            else if (!string.Equals(name, firstName, StringComparison.Ordinal)) sameText = false;
        }
        if (firstNamed is not null)
        {
            person.Name = firstName.Trim();
            if (!sameText) undecided = NameConflict(ranked, firstNamed, person); // equal texts need no folding
        }
        // Birth date and sex columns against the ID: the ID decides.
        Span<char> idBirth = stackalloc char[10];
        rid.BirthDate.TryFormat(idBirth, out _, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var sexDiffers = false;
        var birthTextDiffers = false;
        for (var i = 0; i < rows.Count; i++) // index loops: foreach over an IReadOnlyList boxes its enumerator
        {
            var r = rows[i];
            var t = r.Row.Get("birth_date");
            birthTextDiffers |= t.Length > 0 && !t.AsSpan().SequenceEqual(idBirth); // the usual case, equal text, needs no parsing
            var sex = RowFields.Sex(r.Row.Get("sex"));
            sexDiffers |= sex != Sex.Unknown && sex != rid.Sex;
        }
        if (birthTextDiffers) BirthConflict(rows, rid, idBirth.ToString(), person);
        if (sexDiffers) SexConflict(rows, rid, person);

        person.HukouAddress = First(ranked, "hukou_address");
        person.ResidenceAddress = First(ranked, "residence_address");
        person.Phone = First(ranked, "phone");
        person.EmployerName = First(ranked, "employer_name");
        person.TownshipCode = First(ranked, "residence_township");
        var hukouRegion = First(ranked, "hukou_region");
        person.DistrictCode = person.TownshipCode.Length >= 6 ? person.TownshipCode[..6] : hukouRegion.Length == 6 ? hukouRegion : rid.RegionCode;

        for (var i = 0; i < rows.Count; i++)
            if (rows[i].IdText is var idText && !string.Equals(idText, id, StringComparison.Ordinal) && idText.Length > 0 && !person.Aliases.Contains(idText))
                person.Aliases.Add(idText);

        var enrollments = Enrollments(rows, extracts);
        var observations = new List<EnrollmentObservation>(enrollments.Count);
        foreach (var e in enrollments) observations.Add(new EnrollmentObservation(e.Type, e.Status, e.Region, e.Feed == "other_region_enrollment"));
        enrollments.Sort(static (a, b) => a.Type != b.Type ? a.Type.CompareTo(b.Type)
            : string.CompareOrdinal(a.Feed, b.Feed) is var byFeed && byFeed != 0 ? byFeed : string.CompareOrdinal(a.Region, b.Region));
        person.Enrollments = new List<PersonEnrollment>(enrollments.Count);
        foreach (var e in enrollments) person.Enrollments.Add(new PersonEnrollment(InsuranceVocabulary.Key(e.Type), StatusKey(e.Status), e.Region, e.Feed));

        var situations = Situations(rows, rid, roundDate, observations);
        var decision = classifier.Classify(new CoverageFacts(situations.Set, observations, undecided));
        person.Situations = new List<string>(situations.Keys);
        person.Coverage = decision.Status;
        person.RequiredInsurances = new List<string>(decision.Required.Count);
        for (var i = 0; i < decision.Required.Count; i++) person.RequiredInsurances.Add(InsuranceVocabulary.Key(decision.Required[i]));
        person.CoverageReasons = new List<PersonReason>(decision.Reasons.Count);
        for (var i = 0; i < decision.Reasons.Count; i++) person.CoverageReasons.Add(Reasons.GetOrAdd(decision.Reasons[i], static x => new PersonReason(x.Code, x.Detail)));
        if (SurveyStatuses.Contains(decision.Status))
            person.Survey = new SurveyState("to_survey", ComparisonRound.Key(decision.Status), person.TownshipCode);
        person.Sources = new List<SourceRecord>(rows.Count);
        for (var i = 0; i < rows.Count; i++) person.Sources.Add(new SourceRecord(rows[i].Row.Feed, rows[i].Row.Drop, rows[i].Row.Row, rows[i].LinkedBy, rows[i].Row.Fields));
        return person;
    }

    /// <summary>A person's reasons by the classifier's reason (a value): the few dozen distinct reasons of a round shared
    /// by all its persons instead of one copy each.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<CoverageReason, PersonReason> Reasons = new();

    /// <summary>The rows ordered by <see cref="FeedPrecedence"/>, drop order kept within a rank (an insertion sort: a
    /// person has a handful of rows).</summary>
    private static ResolvedRow[] Ranked(IReadOnlyList<ResolvedRow> rows)
    {
        var ranked = new ResolvedRow[rows.Count];
        Span<int> ranks = rows.Count <= 64 ? stackalloc int[rows.Count] : new int[rows.Count];
        for (var i = 0; i < ranked.Length; i++)
        {
            var r = rows[i];
            var rank = FeedPrecedence.Rank(r.Row.Feed);
            var j = i;
            for (; j > 0 && ranks[j - 1] > rank; j--) { ranked[j] = ranked[j - 1]; ranks[j] = ranks[j - 1]; }
            ranked[j] = r;
            ranks[j] = rank;
        }
        return ranked;
    }

    /// <summary>Records the name conflict when the named rows' names differ once folded (<see cref="MatchKeys.Name"/>);
    /// returns true when the best rank itself holds two names (precedence cannot decide). Rare: LINQ is kept.</summary>
    private static bool NameConflict(ResolvedRow[] ranked, ResolvedRow firstNamed, PersonRecord person)
    {
        var named = ranked.Where(r => r.Row.Get("name").Length > 0).ToList();
        var distinct = named.GroupBy(r => MatchKeys.Name(r.Row.Get("name"))).ToList();
        if (distinct.Count <= 1) return false;
        var bestRank = FeedPrecedence.Rank(firstNamed.Row.Feed);
        var undecided = named.Where(r => FeedPrecedence.Rank(r.Row.Feed) == bestRank).Select(r => MatchKeys.Name(r.Row.Get("name"))).Distinct().Count() > 1;
        person.Conflicts.Add(new FieldConflict("name",
            distinct.Select(g => $"{string.Join('+', g.Select(r => r.Row.Feed).Distinct())}={g.First().Row.Get("name").Trim()}").ToList(),
            undecided ? "" : person.Name, undecided ? "undecided" : $"precedence:{firstNamed.Row.Feed}"));
        return undecided;
    }

    /// <summary>Records the birth-date conflict when a column's date (read in any form) differs from the ID's. Rare.</summary>
    private static void BirthConflict(IReadOnlyList<ResolvedRow> rows, ResidentId rid, string idBirth, PersonRecord person)
    {
        var birthConflicts = rows.Where(r => r.Row.Get("birth_date") is var t && t.Length > 0 && t != idBirth)
            .Select(r => (r.Row.Feed, Date: RowFields.Date(r.Row.Get("birth_date"))))
            .Where(x => x.Date is { } d && d != rid.BirthDate).ToList();
        if (birthConflicts.Count > 0)
            person.Conflicts.Add(new FieldConflict("birth_date",
                [$"resident_id={idBirth}", .. birthConflicts.GroupBy(x => x.Date).Select(g => $"{string.Join('+', g.Select(x => x.Feed).Distinct())}={g.Key:yyyy-MM-dd}")],
                idBirth, "resident_id"));
    }

    /// <summary>Records the sex conflict when a column's sex differs from the one the ID encodes. Rare.</summary>
    private static void SexConflict(IReadOnlyList<ResolvedRow> rows, ResidentId rid, PersonRecord person)
    {
        var sexConflicts = rows.Select(r => (r.Row.Feed, Sex: RowFields.Sex(r.Row.Get("sex")))).Where(x => x.Sex != Sex.Unknown && x.Sex != rid.Sex).ToList();
        person.Conflicts.Add(new FieldConflict("sex",
            [$"resident_id={(int)rid.Sex}", $"{string.Join('+', sexConflicts.Select(x => x.Feed).Distinct())}={(int)sexConflicts[0].Sex}"],
            ((int)rid.Sex).ToString(), "resident_id"));
    }

    /// <summary>One current enrollment as the feeds report it.</summary>
    private readonly record struct Enrollment(InsuranceType Type, string Region, string Feed, EnrollmentStatus Status);

    /// <summary>
    /// Enrollments: rows of the round's latest extract of their scope only (a person missing from the later extract is
    /// no longer enrolled there), and of those each enrollment feed's latest period among the person's rows (a later
    /// extract supersedes an earlier one when the person moved district); one per (insurance, region, feed), a later
    /// row replacing an earlier one and keeping its place. In the order first seen.
    /// </summary>
    private static List<Enrollment> Enrollments(IReadOnlyList<ResolvedRow> rows, ExtractPeriods? extracts)
    {
        // The latest period per snapshot feed among the person's current rows (two snapshot feeds: a short list).
        List<(string Feed, string Period)>? latest = null;
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            if (!IsCurrent(r, extracts)) continue;
            latest ??= new List<(string Feed, string Period)>(2);
            var period = Period(r.Row.Drop);
            var k = IndexOf(latest, r.Row.Feed);
            if (k < 0) latest.Add((r.Row.Feed, period));
            else if (string.CompareOrdinal(period, latest[k].Period) > 0) latest[k] = (r.Row.Feed, period);
        }
        var enrollments = new List<Enrollment>(latest is null ? 0 : 4);
        if (latest is null) return enrollments;
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            if (!IsCurrent(r, extracts) || Period(r.Row.Drop) != latest[IndexOf(latest, r.Row.Feed)].Period) continue;
            if (!InsuranceVocabulary.TryParseType(r.Row.Get("insurance_type"), out var type)) continue;
            if (!InsuranceVocabulary.TryParseStatus(r.Row.Get("enrollment_status"), out var status)) continue;
            var e = new Enrollment(type, r.Row.Get("enrollment_region"), r.Row.Feed, status);
            var at = 0;
            while (at < enrollments.Count && !(enrollments[at].Type == type && enrollments[at].Region == e.Region && enrollments[at].Feed == e.Feed)) at++;
            if (at == enrollments.Count) enrollments.Add(e); else enrollments[at] = e;
        }
        return enrollments;
    }

    private static int IndexOf(List<(string Feed, string Period)> latest, string feed)
    {
        for (var i = 0; i < latest.Count; i++) if (latest[i].Feed == feed) return i;
        return -1;
    }

    private static bool IsCurrent(ResolvedRow r, ExtractPeriods? extracts) =>
        ExtractPeriods.SnapshotFeeds.Contains(r.Row.Feed) && extracts?.IsSuperseded(r.Row.Feed, r.Row.Drop) != true;

    /// <summary>A set of situations: the shared read-only set the classifier reads and the keys in enum order.</summary>
    internal sealed record SituationSet(IReadOnlySet<Situation> Set, string[] Keys);

    /// <summary>The sets by bit mask (bit = the situation's value): a round meets a few dozen distinct combinations.</summary>
    private static readonly SituationSet?[] SetsByMask = new SituationSet?[1 << 8];

    private static SituationSet SetOf(int mask)
    {
        if (mask >= SetsByMask.Length) return Make(mask); // an enum grown past 8 values: not cached
        return SetsByMask[mask] ??= Make(mask); // a benign race: equal sets
        static SituationSet Make(int mask)
        {
            var all = Enum.GetValues<Situation>().Where(s => (mask & (1 << (int)s)) != 0).Order().ToArray();
            return new SituationSet(new HashSet<Situation>(all), all.Select(s => SituationKeys[s]).ToArray());
        }
    }

    /// <summary>
    /// Life situations from the feeds: deaths → deceased; the latest migration out (迁出) → migrated out; the latest
    /// prison row an entry (入监) → in custody; tax or construction rows, or any employee-insurance enrollment → employee (retired employees included); students → student;
    /// person category 被征地/失地 or a land-expropriated pension enrollment → land-expropriated farmer; under 18 at the round date → child; else other adult.
    /// </summary>
    internal static SituationSet Situations(IReadOnlyList<ResolvedRow> rows, ResidentId id, DateOnly roundDate, IReadOnlyList<EnrollmentObservation> enrollments)
    {
        var mask = 0;
        void Add(Situation s) => mask |= 1 << (int)s;
        SourceRow? lastMigration = null, lastPrison = null;
        DateOnly migrationDate = default, prisonDate = default;
        bool deaths = false, employment = false, students = false, land = false;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i].Row;
            switch (row.Feed)
            {
                case "deaths": deaths = true; break;
                case "tax" or "construction_workers": employment = true; break;
                case "students": students = true; break;
                case "migrations": Later(row, ref lastMigration, ref migrationDate); break;
                case "prisoners": Later(row, ref lastPrison, ref prisonDate); break;
            }
            if (row.Get("person_category") is var c && c.Length > 0 && (c.Contains("被征地") || c.Contains("失地"))) land = true;
        }
        for (var i = 0; i < enrollments.Count; i++)
        {
            var e = enrollments[i];
            if (e.Insurance is InsuranceType.EmployeePension or InsuranceType.EmployeeMedical) employment = true;
            if (e.Insurance == InsuranceType.LandExpropriatedPension) land = true;
        }
        if (deaths) Add(Situation.Deceased);
        if (lastMigration is not null && lastMigration.Get("event_kind").Contains('出')) Add(Situation.MigratedOut);
        if (lastPrison is not null && lastPrison.Get("event_kind").Contains('入')) Add(Situation.InCustody);
        if (employment) Add(Situation.Employee);
        if (students) Add(Situation.Student);
        if (land) Add(Situation.LandExpropriatedFarmer);
        var age = roundDate.Year - id.BirthDate.Year - (roundDate < id.BirthDate.AddYears(roundDate.Year - id.BirthDate.Year) ? 1 : 0);
        Add(age < 18 ? Situation.Child : Situation.OtherAdult);
        return SetOf(mask);
    }

    /// <summary>Keeps the row with the latest <c>event_date</c> (unreadable: earliest); of equal dates the later row.</summary>
    private static void Later(SourceRow row, ref SourceRow? latest, ref DateOnly latestDate)
    {
        var d = RowFields.Date(row.Get("event_date")) ?? DateOnly.MinValue;
        if (latest is null || d >= latestDate) { latest = row; latestDate = d; }
    }

    /// <summary>The period of a drop: the leading yyyy-MM of its file name when it has one (e.g. <c>2017-03-630102.csv</c>), else the file name.</summary>
    internal static string Period(string drop) => Periods.GetOrAdd(drop, static d =>
    {
        var name = Path.GetFileName(d);
        return name.Length >= 7 && char.IsAsciiDigit(name[0]) && name[4] == '-' && char.IsAsciiDigit(name[5]) && char.IsAsciiDigit(name[6]) ? name[..7] : name;
    });

    /// <summary>Periods by drop path: a round asks once per enrollment row about a few hundred drops.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Periods = new(StringComparer.Ordinal);

    private static string First(ResolvedRow[] ranked, string key)
    {
        foreach (var r in ranked) { var v = r.Row.Get(key).Trim(); if (v.Length > 0) return v; }
        return "";
    }

    private static string StatusKey(EnrollmentStatus s) => s switch
    {
        EnrollmentStatus.Paying => "paying",
        EnrollmentStatus.Suspended => "suspended",
        _ => "terminated",
    };
}
