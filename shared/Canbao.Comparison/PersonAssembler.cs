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

    /// <summary>Assembles a person.</summary>
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
        var ranked = rows.OrderBy(r => FeedPrecedence.Rank(r.Row.Feed)).ToList(); // stable: drop order within a rank
        var person = new PersonRecord { Id = id, DistrictCode = "", BirthDate = rid.BirthDate, Sex = rid.Sex };

        // Name by precedence; undecided when the best rank holds two different names.
        var named = ranked.Where(r => r.Row.Get("name").Length > 0).ToList();
        var undecided = false;
        if (named.Count > 0)
        {
            var bestRank = FeedPrecedence.Rank(named[0].Row.Feed);
            person.Name = named[0].Row.Get("name").Trim();
            var firstName = named[0].Row.Get("name");
            var sameText = named.TrueForAll(r => string.Equals(r.Row.Get("name"), firstName, StringComparison.Ordinal));
            List<IGrouping<string, ResolvedRow>> distinct = sameText ? [] : named.GroupBy(r => MatchKeys.Name(r.Row.Get("name"))).ToList(); // equal texts need no folding
            if (distinct.Count > 1)
            {
                var topDistinct = named.Where(r => FeedPrecedence.Rank(r.Row.Feed) == bestRank).Select(r => MatchKeys.Name(r.Row.Get("name"))).Distinct().Count();
                undecided = topDistinct > 1;
                person.Conflicts.Add(new FieldConflict("name",
                    distinct.Select(g => $"{string.Join('+', g.Select(r => r.Row.Feed).Distinct())}={g.First().Row.Get("name").Trim()}").ToList(),
                    undecided ? "" : person.Name, undecided ? "undecided" : $"precedence:{named[0].Row.Feed}"));
            }
        }
        // Birth date and sex columns against the ID: the ID decides.
        var idBirth = rid.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var birthConflicts = rows.Where(r => r.Row.Get("birth_date") is var t && t.Length > 0 && t != idBirth) // the usual case, equal text, needs no parsing
            .Select(r => (r.Row.Feed, Date: RowFields.Date(r.Row.Get("birth_date"))))
            .Where(x => x.Date is { } d && d != rid.BirthDate).ToList();
        if (birthConflicts.Count > 0)
            person.Conflicts.Add(new FieldConflict("birth_date",
                [$"resident_id={rid.BirthDate:yyyy-MM-dd}", .. birthConflicts.GroupBy(x => x.Date).Select(g => $"{string.Join('+', g.Select(x => x.Feed).Distinct())}={g.Key:yyyy-MM-dd}")],
                rid.BirthDate.ToString("yyyy-MM-dd"), "resident_id"));
        var sexConflicts = rows.Select(r => (r.Row.Feed, Sex: RowFields.Sex(r.Row.Get("sex")))).Where(x => x.Sex != Sex.Unknown && x.Sex != rid.Sex).ToList();
        if (sexConflicts.Count > 0)
            person.Conflicts.Add(new FieldConflict("sex",
                [$"resident_id={(int)rid.Sex}", $"{string.Join('+', sexConflicts.Select(x => x.Feed).Distinct())}={(int)sexConflicts[0].Sex}"],
                ((int)rid.Sex).ToString(), "resident_id"));

        person.HukouAddress = First(ranked, "hukou_address");
        person.ResidenceAddress = First(ranked, "residence_address");
        person.Phone = First(ranked, "phone");
        person.EmployerName = First(ranked, "employer_name");
        person.TownshipCode = First(ranked, "residence_township");
        var hukouRegion = First(ranked, "hukou_region");
        person.DistrictCode = person.TownshipCode.Length >= 6 ? person.TownshipCode[..6] : hukouRegion.Length == 6 ? hukouRegion : rid.RegionCode;

        foreach (var r in rows)
            if (!string.Equals(r.IdText, id, StringComparison.Ordinal) && r.IdText.Length > 0 && !person.Aliases.Contains(r.IdText))
                person.Aliases.Add(r.IdText);

        // Enrollments: rows of the round's latest extract of their scope only (a person missing from the later extract
        // is no longer enrolled there), and of those each enrollment feed's latest period among the person's rows (a
        // later extract supersedes an earlier one when the person moved district); one per (insurance, region, feed),
        // a later row replacing an earlier one.
        var current = rows.Where(r => ExtractPeriods.SnapshotFeeds.Contains(r.Row.Feed) && extracts?.IsSuperseded(r.Row.Feed, r.Row.Drop) != true).ToList();
        var latestPeriod = current.GroupBy(r => r.Row.Feed).ToDictionary(g => g.Key, g => g.Select(r => Period(r.Row.Drop)).Max(StringComparer.Ordinal)!);
        var enrollments = new Dictionary<(InsuranceType, string, string), EnrollmentStatus>();
        foreach (var r in current)
        {
            if (Period(r.Row.Drop) != latestPeriod[r.Row.Feed]) continue;
            if (!InsuranceVocabulary.TryParseType(r.Row.Get("insurance_type"), out var type)) continue;
            if (!InsuranceVocabulary.TryParseStatus(r.Row.Get("enrollment_status"), out var status)) continue;
            enrollments[(type, r.Row.Get("enrollment_region"), r.Row.Feed)] = status;
        }
        var observations = enrollments.Select(e => new EnrollmentObservation(e.Key.Item1, e.Value, e.Key.Item2, e.Key.Item3 == "other_region_enrollment")).ToList();
        person.Enrollments = enrollments.OrderBy(e => e.Key.Item1).ThenBy(e => e.Key.Item3, StringComparer.Ordinal).ThenBy(e => e.Key.Item2, StringComparer.Ordinal)
            .Select(e => new PersonEnrollment(InsuranceVocabulary.Key(e.Key.Item1), StatusKey(e.Value), e.Key.Item2, e.Key.Item3)).ToList();

        var situations = Situations(rows, rid, roundDate, observations);
        var decision = classifier.Classify(new CoverageFacts(situations, observations, undecided));
        person.Situations = situations.Order().Select(s => SituationKeys[s]).ToList();
        person.Coverage = decision.Status;
        person.RequiredInsurances = decision.Required.Select(InsuranceVocabulary.Key).ToList();
        person.CoverageReasons = decision.Reasons.Select(r => new PersonReason(r.Code, r.Detail)).ToList();
        if (SurveyStatuses.Contains(decision.Status))
            person.Survey = new SurveyState("to_survey", ComparisonRound.Key(decision.Status), person.TownshipCode);
        person.Sources = rows.Select(r => new SourceRecord(r.Row.Feed, r.Row.Drop, r.Row.Row, r.LinkedBy, r.Row.Fields)).ToList();
        return person;
    }

    /// <summary>
    /// Life situations from the feeds: deaths → deceased; the latest migration out (迁出) → migrated out; the latest
    /// prison row an entry (入监) → in custody; tax or construction rows, or any employee-insurance enrollment → employee (retired employees included); students → student;
    /// person category 被征地/失地 or a land-expropriated pension enrollment → land-expropriated farmer; under 18 at the round date → child; else other adult.
    /// </summary>
    internal static HashSet<Situation> Situations(IReadOnlyList<ResolvedRow> rows, ResidentId id, DateOnly roundDate, IReadOnlyList<EnrollmentObservation> enrollments)
    {
        var s = new HashSet<Situation>();
        bool Has(string feed) => rows.Any(r => r.Row.Feed == feed);
        if (Has("deaths")) s.Add(Situation.Deceased);
        var lastMigration = Latest(rows, "migrations");
        if (lastMigration is not null && lastMigration.Get("event_kind").Contains('出')) s.Add(Situation.MigratedOut);
        var lastPrison = Latest(rows, "prisoners");
        if (lastPrison is not null && lastPrison.Get("event_kind").Contains('入')) s.Add(Situation.InCustody);
        if (Has("tax") || Has("construction_workers") || enrollments.Any(e => e.Insurance is InsuranceType.EmployeePension or InsuranceType.EmployeeMedical))
            s.Add(Situation.Employee);
        if (Has("students")) s.Add(Situation.Student);
        if (rows.Any(r => r.Row.Get("person_category") is var c && (c.Contains("被征地") || c.Contains("失地")))
            || enrollments.Any(e => e.Insurance == InsuranceType.LandExpropriatedPension))
            s.Add(Situation.LandExpropriatedFarmer);
        var age = roundDate.Year - id.BirthDate.Year - (roundDate < id.BirthDate.AddYears(roundDate.Year - id.BirthDate.Year) ? 1 : 0);
        s.Add(age < 18 ? Situation.Child : Situation.OtherAdult);
        return s;
    }

    /// <summary>The period of a drop: the leading yyyy-MM of its file name when it has one (e.g. <c>2017-03-630102.csv</c>), else the file name.</summary>
    internal static string Period(string drop) => Periods.GetOrAdd(drop, static d =>
    {
        var name = Path.GetFileName(d);
        return name.Length >= 7 && char.IsAsciiDigit(name[0]) && name[4] == '-' && char.IsAsciiDigit(name[5]) && char.IsAsciiDigit(name[6]) ? name[..7] : name;
    });

    /// <summary>Periods by drop path: a round asks once per enrollment row about a few hundred drops.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Periods = new(StringComparer.Ordinal);

    private static SourceRow? Latest(IReadOnlyList<ResolvedRow> rows, string feed) =>
        rows.Where(r => r.Row.Feed == feed).Select(r => r.Row).OrderBy(r => RowFields.Date(r.Get("event_date")) ?? DateOnly.MinValue).LastOrDefault();

    private static string First(List<ResolvedRow> ranked, string key)
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
