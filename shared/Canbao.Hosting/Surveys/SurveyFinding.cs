using Canbao.Comparison;
using Canbao.Domain.Coverage;
using Canbao.Domain.Persons;
using Canbao.Domain.Standard;
using Canbao.Reports.Rosters;

namespace Canbao.Hosting.Surveys;

/// <summary>What a surveyor reported about one person, as the survey result recorded on the person record.</summary>
public enum SurveyResultKind
{
    /// <summary>无法联系: not reached.</summary>
    Unreachable,
    /// <summary>已死亡 reported.</summary>
    Deceased,
    /// <summary>已迁出: no longer lives in the township.</summary>
    MovedAway,
    /// <summary>已登记 with insurances marked paying in a region outside the person's city (异地参保).</summary>
    EnrolledElsewhere,
    /// <summary>已登记 with insurances marked paying in the city (or no region given): enrolled since the feeds were extracted.</summary>
    NewlyEnrolled,
    /// <summary>已登记, nothing marked paying, the 未参保原因 says the person does not want to enrol (不愿/拒绝/不想).</summary>
    Unwilling,
    /// <summary>已登记, nothing marked paying (any 未参保原因 other than unwillingness is in the detail).</summary>
    NotEnrolled,
}

/// <summary>
/// The survey result of one filled roster row and what it does to the coverage status. Pure. Rules (only where the
/// policy decides; everything else is recorded and left to the next round, whose enrollment feeds are authoritative):
/// <list type="bullet">
/// <item>已死亡 → <see cref="SurveyResultKind.Deceased"/>; coverage as <see cref="CoverageClassifier"/> decides for a
/// deceased person (宁政办〔2017〕38号 动态管理): <c>deceased_still_enrolled</c> when the record still has a paying
/// enrollment, else <c>out_of_scope</c>.</item>
/// <item>已登记 with insurances marked 参保缴费 in a region outside the person's city (参保地区划代码 not starting with
/// the district's first 4 digits) → <see cref="SurveyResultKind.EnrolledElsewhere"/>, and the coverage the
/// <see cref="CoverageClassifier"/> decides over the record's situations and enrollments plus those enrollments in
/// another region (异地参保: the city's feeds cannot see other regions' enrollments, the survey is how they are learnt):
/// <c>enrolled_elsewhere</c> when every required insurance is then paid, <c>partly_enrolled</c> when some are,
/// <c>duplicate_enrollment</c> when one is paid both here and there (国发〔2016〕3号, 国发〔2014〕8号).</item>
/// <item>Anything else (moved away within or out of the city, newly enrolled here, unwilling, not enrolled): the result
/// is recorded and the coverage is unchanged — an enrollment in the city shows in the next extract of the enrollment
/// feed, and moving out of a township is not 迁出 of the household registration (the migrated-out rule).</item>
/// </list>
/// No enrollment is added to the record: what the surveyor marked is in <see cref="Detail"/> (insurance keys and the region code only).
/// </summary>
/// <param name="Kind">The survey result.</param>
/// <param name="Detail">What was reported, without personal values, e.g. <c>employee_pension,employee_medical paying in 320102</c>.</param>
/// <param name="Coverage">The coverage status the result decides, or null when it leaves the coverage as it is.</param>
public sealed record SurveyFinding(SurveyResultKind Kind, string Detail, CoverageStatus? Coverage)
{
    private static readonly string[] UnwillingWords = ["不愿", "拒绝", "不想", "不参保", "unwilling"];

    /// <summary>Snake-case key of the result, e.g. <c>enrolled_elsewhere</c>.</summary>
    public string Key => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(Kind.ToString());

    /// <summary>The finding of <paramref name="result"/> for <paramref name="person"/> (the record as stored).</summary>
    public static SurveyFinding Of(SurveyResult result, PersonRecord person)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(person);
        switch (result.Outcome)
        {
            case SurveyOutcome.Unreachable:
                return new(SurveyResultKind.Unreachable, "", null);
            case SurveyOutcome.Deceased:
                var paying = person.Enrollments.Where(e => e.Status == "paying").Select(e => e.Insurance).Distinct().ToList();
                return new(SurveyResultKind.Deceased, paying.Count > 0 ? "still paying: " + string.Join(",", paying) : "",
                    paying.Count > 0 ? CoverageStatus.DeceasedStillEnrolled : CoverageStatus.OutOfScope);
            case SurveyOutcome.MovedAway:
                var newAddress = result.ResidenceAddress.Length > 0 && !string.Equals(result.ResidenceAddress, person.ResidenceAddress, StringComparison.Ordinal);
                return new(SurveyResultKind.MovedAway, newAddress ? "new residence written on the roster" : "", null);
        }
        var marked = result.Enrollment.Where(kv => kv.Value == EnrollmentStatus.Paying).Select(kv => InsuranceVocabulary.Key(kv.Key)).Order(StringComparer.Ordinal).ToList();
        if (marked.Count == 0)
        {
            var reason = result.UnenrolledReason;
            var unwilling = UnwillingWords.Any(w => reason.Contains(w, StringComparison.OrdinalIgnoreCase));
            return new(unwilling ? SurveyResultKind.Unwilling : SurveyResultKind.NotEnrolled, reason.Length > 0 ? "未参保原因: " + reason : "", null);
        }
        var region = result.EnrollmentRegion.Trim();
        var cityPrefix = person.DistrictCode.Length >= 4 ? person.DistrictCode[..4] : "";
        var elsewhere = region.Length == 6 && region.All(char.IsAsciiDigit) && cityPrefix.Length == 4 && !region.StartsWith(cityPrefix, StringComparison.Ordinal);
        var detail = string.Join(",", marked) + " paying" + (region.Length > 0 ? " in " + region : "");
        if (!elsewhere) return new(SurveyResultKind.NewlyEnrolled, detail, null);
        // The classifier over the record's facts plus the surveyor's enrollments elsewhere (not written to the record).
        var situations = new HashSet<Situation>();
        foreach (var key in person.Situations)
            if (Enum.TryParse<Situation>(key.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var s)) situations.Add(s);
        if (situations.Count == 0) return new(SurveyResultKind.EnrolledElsewhere, detail, null);
        var facts = person.Enrollments
            .Select(e => InsuranceVocabulary.AllTypes.FirstOrDefault(t => InsuranceVocabulary.Key(t) == e.Insurance) is var t && InsuranceVocabulary.Key(t) == e.Insurance
                && Enum.TryParse<EnrollmentStatus>(e.Status, ignoreCase: true, out var st)
                ? new EnrollmentObservation(t, st, e.Region, e.Feed == "other_region_enrollment") : null)
            .OfType<EnrollmentObservation>()
            .Concat(result.Enrollment.Where(kv => kv.Value == EnrollmentStatus.Paying).Select(kv => new EnrollmentObservation(kv.Key, kv.Value, region, true)))
            .ToList();
        var undecided = person.Conflicts.Any(c => c.Rule == "undecided");
        var decision = CoverageClassifier.Default.Classify(new CoverageFacts(situations, facts, undecided));
        return new(SurveyResultKind.EnrolledElsewhere, detail, decision.Status == person.Coverage ? null : decision.Status);
    }

    /// <summary>The reason put on the person's coverage reasons: code <c>survey:&lt;result&gt;</c>, detail <c>survey &lt;round&gt; &lt;township&gt;: …</c>.</summary>
    public PersonReason Reason(string roundId, string township) =>
        new($"survey:{Key}", $"survey {roundId} {township}" + (Detail.Length > 0 ? ": " + Detail : ""));

    /// <summary>Snake-case key of a coverage status (as the round writes it).</summary>
    public static string CoverageKey(CoverageStatus s) => ComparisonRound.Key(s);
}
