using Canbao.Domain.Persons;
using Canbao.Domain.Standard;

namespace Canbao.Store.ChangeFeed;

/// <summary>
/// What one stored person version derives (pure): its district-statistics contribution, its survey work-list entry and
/// the lines it puts on the lists sent back to departments. The handlers apply these; a test recomputes them from scratch.
/// </summary>
public static class DerivedProjections
{
    /// <summary>Coverage statuses that need a household survey: the same set as the round's survey list
    /// (<c>Canbao.Comparison.PersonAssembler.SurveyStatuses</c>; DESIGN.md step 3: not enrolled, partly enrolled,
    /// lapsed, conflicting information).</summary>
    public static readonly IReadOnlySet<CoverageStatus> SurveyStatuses = new HashSet<CoverageStatus>
        { CoverageStatus.NotEnrolled, CoverageStatus.PartlyEnrolled, CoverageStatus.Lapsed, CoverageStatus.NeedsVerification };

    private const string Paying = "paying";

    /// <summary>District, coverage status key and the insurances with a paying enrollment.</summary>
    public static StatisticsContribution Statistics(StoredPerson s) => new(s.Person.DistrictCode, PersonJson.CoverageKey(s.Person.Coverage),
        s.Person.Enrollments.Where(e => e.Status == Paying).Select(e => e.Insurance).Distinct().Order(StringComparer.Ordinal).ToList());

    /// <summary>
    /// The survey work-list entry, or null when the person is off the list. On the list: a coverage status in
    /// <see cref="SurveyStatuses"/> and a survey pending — a survey state from the round, or a change event that marked
    /// the person (<c>PersonDynamics.SurveyNeeded</c>: lapsed, moved in, newly adult, newborn). Off the list: enrolled,
    /// deceased or moved out (coverage out of scope), in custody.
    /// </summary>
    public static SurveyWorkItem? Survey(StoredPerson s)
    {
        var p = s.Person;
        if (!SurveyStatuses.Contains(p.Coverage) || s.Dynamics.InCustody) return null;
        if (p.Survey is null && !s.Dynamics.SurveyNeeded) return null;
        var township = p.Survey?.TownshipCode is { Length: > 0 } t ? t : p.TownshipCode;
        var reason = s.Dynamics.SurveyNeeded && s.Dynamics.SurveyReason is { Length: > 0 } r ? r : p.Survey?.Reason ?? PersonJson.CoverageKey(p.Coverage);
        return new SurveyWorkItem(p.Id, p.DistrictCode, township, reason);
    }

    /// <summary>
    /// Lines for the departments whose records this person shows wrong (数据比对结果反馈), one per (feed, finding):
    /// a value another department's record and the resident ID overruled (name, birth date, sex conflicts with a
    /// decided value); a paying enrollment of a deceased person (coverage deceased-still-enrolled or a death event);
    /// paying enrollments of a duplicate enrollment (重复参保). Feeds the catalog does not know are left out.
    /// </summary>
    public static IReadOnlyList<DepartmentListEntry> DepartmentEntries(StoredPerson s)
    {
        var p = s.Person;
        var lines = new List<DepartmentListEntry>();
        void Add(string feed, string finding, string detail)
        {
            var spec = FeedCatalog.All.FirstOrDefault(f => f.Id == feed);
            if (spec is null) return;
            var i = lines.FindIndex(l => l.FeedId == feed && l.Finding == finding);
            if (i < 0) lines.Add(new DepartmentListEntry(spec.Department, feed, p.Id, p.Name, finding, detail));
            else if (!lines[i].Detail.Split("; ").Contains(detail)) lines[i] = lines[i] with { Detail = lines[i].Detail + "; " + detail };
        }
        foreach (var c in p.Conflicts)
        {
            if (c.Chosen.Length == 0) continue; // undecided: a surveyor verifies first
            foreach (var v in c.Values)
            {
                var eq = v.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0 || v[(eq + 1)..] == c.Chosen) continue;
                foreach (var feed in v[..eq].Split('+'))
                    Add(feed, FieldTitle(c.Field) + "与其他来源不一致", $"本部门: {v[(eq + 1)..]}, 采用: {c.Chosen} ({c.Rule})");
            }
        }
        var paying = p.Enrollments.Where(e => e.Status == Paying).ToList();
        if (p.Coverage == CoverageStatus.DeceasedStillEnrolled || s.Dynamics.DeathDate is not null)
            foreach (var e in paying)
                Add(e.Feed, "已死亡仍在参保缴费", $"{e.Insurance}{(s.Dynamics.DeathDate is { } d ? $", 死亡日期 {d:yyyy-MM-dd}" : "")}");
        if (p.Coverage == CoverageStatus.DuplicateEnrollment)
            foreach (var e in paying)
                Add(e.Feed, "重复参保", e.Region.Length > 0 ? $"{e.Insurance} ({e.Region})" : e.Insurance);
        return lines;
    }

    private static string FieldTitle(string field) => field switch
    {
        "name" => "姓名",
        "birth_date" => "出生日期",
        "sex" => "性别",
        _ => field,
    };
}
