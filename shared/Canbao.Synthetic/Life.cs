using Canbao.Domain.Identifiers;
using Canbao.Domain.Standard;

namespace Canbao.Synthetic;

/// <summary>
/// Derives a person's situation and enrollments on a date from the latent life (pure functions of the person).
/// </summary>
public static class Life
{
    /// <summary>Regions of other-region enrollment (异地参保): 兰州, 海东, 银川, 西安, 成都 (current GB/T 2260 codes).</summary>
    public static readonly IReadOnlyList<string> OtherRegions = ["620100", "630200", "640100", "610100", "510100"];

    /// <summary>Age in whole years on the date.</summary>
    public static int Age(DateOnly birth, DateOnly on)
    {
        var age = on.Year - birth.Year;
        if (on.Month < birth.Month || (on.Month == birth.Month && on.Day < birth.Day)) age--;
        return age;
    }

    /// <summary>
    /// The situation on the date: deceased, migrated out, prisoner (in that order), else by age and occupation:
    /// under 1 newborn, 1–5 child, 6–17 student (and 18–22 in college), retirement age (men 60, women 55) pensioner for
    /// former employees / land-expropriated farmer / elderly resident, else the occupation.
    /// </summary>
    public static Situation SituationOn(Person p, DateOnly on)
    {
        if (p.Death is { } d && d <= on) return Situation.Deceased;
        if (p.MoveOut is { } m && m <= on) return Situation.MigratedOut;
        if (p.InPrison(on)) return Situation.Prisoner;
        return BaseSituation(p, on);
    }

    /// <summary>The situation by age and occupation only (ignoring death, migration and prison).</summary>
    public static Situation BaseSituation(Person p, DateOnly on)
    {
        var age = Age(p.Birth, on);
        if (age < 1) return Situation.Newborn;
        if (age < 6) return Situation.Child;
        if (age < 18 || (age < 23 && p.College)) return Situation.Student;
        var retired = age >= (p.Sex == Sex.Male ? 60 : 55);
        return p.Occupation switch
        {
            Occupation.LandExpropriated => Situation.LandExpropriated,
            Occupation.Employee => retired ? Situation.Pensioner : Situation.Employee,
            _ when retired => Situation.ElderlyResident,
            Occupation.SelfEmployed => Situation.SelfEmployed,
            _ => Situation.Unemployed,
        };
    }

    /// <summary>The person's enrollments on the date (local and in other regions), materialized from the scenario (memoized on the person for the last date asked).</summary>
    public static IReadOnlyList<Enrollment> EnrollmentsOn(Person p, DateOnly on, string cityCode)
    {
        if (p.CachedOn == on && p.CachedEnrollments is { } cached) return cached;
        var list = Compute(p, on, cityCode);
        p.CachedOn = on;
        p.CachedEnrollments = list;
        return list;
    }

    private static List<Enrollment> Compute(Person p, DateOnly on, string cityCode)
    {
        var situation = SituationOn(p, on);
        var rng = new Rng(p.Seed, 7);
        var coin = rng.NextDouble();
        switch (situation)
        {
            case Situation.Deceased:
            {
                var before = BaseSituation(p, p.Death!.Value.AddDays(-1));
                if (p.StillEnrolledAfterDeath) return Materialize(p, EnrollmentScenario.Full, before, on, cityCode);
                return coin < 0.5 ? With(Materialize(p, EnrollmentScenario.Full, before, on, cityCode), EnrollmentStatus.Terminated) : [];
            }
            case Situation.Prisoner:
                return coin < 0.5 ? With(Materialize(p, EnrollmentScenario.Full, BaseSituation(p, on), on, cityCode), EnrollmentStatus.Suspended) : [];
            case Situation.MigratedOut:
                return [];
        }
        var scenario = p.ScenarioChange is { } c && c <= on ? p.ScenarioAfter : p.Scenario;
        return Materialize(p, scenario, situation, on, cityCode);
    }

    private static List<Enrollment> With(List<Enrollment> list, EnrollmentStatus status)
    {
        for (var i = 0; i < list.Count; i++) list[i] = list[i] with { Status = status };
        return list;
    }

    private static List<Enrollment> Materialize(Person p, EnrollmentScenario scenario, Situation situation, DateOnly on, string cityCode)
    {
        var expected = CoverageRules.Expected(situation);
        var rng = new Rng(p.Seed, 8, (ulong)scenario);
        var since = p.Birth.AddDays(30);
        var back = on.AddYears(-rng.Next(1, 16)).AddDays(-rng.Next(365));
        if (back > since) since = back;
        if (since > on) since = on;
        var other = rng.Pick(OtherRegions);
        var list = new List<Enrollment>(3);
        switch (scenario)
        {
            case EnrollmentScenario.None:
                break;
            case EnrollmentScenario.Partial:
                if (expected.Count >= 2) list.Add(new(expected[rng.Next(expected.Count)], EnrollmentStatus.Paying, cityCode, true, since));
                break;
            case EnrollmentScenario.Elsewhere:
                foreach (var t in expected) list.Add(new(t, EnrollmentStatus.Paying, other, false, since));
                break;
            default:
                foreach (var t in expected) list.Add(new(t, EnrollmentStatus.Paying, cityCode, true, since));
                if (list.Count == 0) break;
                if (scenario == EnrollmentScenario.Lapsed)
                {
                    var i = rng.Next(list.Count);
                    list[i] = list[i] with { Status = rng.Chance(0.7) ? EnrollmentStatus.Suspended : EnrollmentStatus.Terminated };
                }
                else if (scenario == EnrollmentScenario.DuplicateMedical)
                {
                    var extra = expected.Contains(InsuranceType.EmployeeMedical) ? InsuranceType.ResidentMedical : InsuranceType.EmployeeMedical;
                    list.Add(new(extra, EnrollmentStatus.Paying, cityCode, true, since));
                }
                else if (scenario == EnrollmentScenario.DuplicateRegion)
                {
                    list.Add(new(expected[0], EnrollmentStatus.Paying, other, false, since));
                }
                break;
        }
        return list;
    }
}
