using Canbao.Domain.Persons;
using Canbao.Domain.Standard;

namespace Canbao.Domain.Coverage;

/// <summary>One enrollment of a person as a department reported it.</summary>
/// <param name="Insurance">The insurance type.</param>
/// <param name="Status">参保缴费 / 暂停缴费 / 终止参保.</param>
/// <param name="Region">Region code of the enrollment (参保地), empty when not given.</param>
/// <param name="Elsewhere">True when reported by the provincial/national database as enrollment in another region (异地参保).</param>
public sealed record EnrollmentObservation(InsuranceType Insurance, EnrollmentStatus Status, string Region, bool Elsewhere);

/// <summary>What the classifier knows about a person.</summary>
/// <param name="Situations">Life situations derived from the feeds.</param>
/// <param name="Enrollments">Every enrollment reported (deduplicated by the caller: one per insurance and region).</param>
/// <param name="UnresolvedConflict">True when a conflict between departments could not be decided by source precedence.</param>
public sealed record CoverageFacts(IReadOnlySet<Situation> Situations, IReadOnlyList<EnrollmentObservation> Enrollments, bool UnresolvedConflict);

/// <summary>Why a person has their status: a stable code and a detail without personal values.</summary>
/// <param name="Code">e.g. <c>rule:employee</c>, <c>missing:employee_medical</c>, <c>suspended:resident_pension</c>.</param>
/// <param name="Detail">Words for the operator, naming the rule's source where it applies.</param>
public sealed record CoverageReason(string Code, string Detail);

/// <summary>The classification of one person.</summary>
/// <param name="Status">The coverage status.</param>
/// <param name="Rule">The coverage rule that decided what the person should be in.</param>
/// <param name="Required">Insurances the person should be in.</param>
/// <param name="Reasons">Every reason, the rule first.</param>
public sealed record CoverageDecision(CoverageStatus Status, CoverageRule Rule, IReadOnlyList<InsuranceType> Required, IReadOnlyList<CoverageReason> Reasons);

/// <summary>
/// Classifies a person's coverage against the rules (<see cref="CoverageRules.Default"/>), in this order:
/// <list type="number">
/// <item>deceased: still paying into any insurance → deceased_still_enrolled, else out_of_scope;</item>
/// <item>a rule out of scope (migrated out, not resident, in custody) → out_of_scope;</item>
/// <item>an undecided data conflict → needs_verification;</item>
/// <item>paying into mutually exclusive insurances (employee and resident medical, employee and resident pension) or
/// one insurance in two regions → duplicate_enrollment (国发〔2016〕3号, 国发〔2014〕8号: one enrollment per person);</item>
/// <item>every required insurance paying → fully_enrolled, or enrolled_elsewhere when any is paid in another region;</item>
/// <item>a required insurance suspended or terminated with no paying successor → lapsed (断保);</item>
/// <item>some required paying → partly_enrolled (未参齐险种); none → not_enrolled (未参保).</item>
/// </list>
/// Pure and deterministic.
/// </summary>
public sealed class CoverageClassifier
{
    /// <summary>A classifier over the rules, first match wins.</summary>
    /// <param name="rules">The rules (<see cref="CoverageRules.Default"/> for the plan's).</param>
    public CoverageClassifier(IReadOnlyList<CoverageRule> rules)
    {
        Rules = rules;
        _ruleReasons = rules.Select(r => new CoverageReason($"rule:{r.Id}", r.Source)).ToArray();
    }

    /// <summary>A classifier over the default rules.</summary>
    public static CoverageClassifier Default { get; } = new(CoverageRules.Default);

    /// <summary>The rules in use, first match wins.</summary>
    public IReadOnlyList<CoverageRule> Rules { get; }

    /// <summary>The reason naming each rule (<c>rule:&lt;id&gt;</c>, its source), by the rule's index.</summary>
    private readonly CoverageReason[] _ruleReasons;

    /// <summary>Reasons are values: one instance per code, shared by every decision (a round classifies a million persons).</summary>
    private static readonly CoverageReason ConflictReason = new("conflict", "departments disagree and source precedence cannot decide; verify in a survey");
    private static readonly CoverageReason DuplicateMedical = new("duplicate:medical", "paying into both employee and resident medical insurance (国发〔2016〕3号)");
    private static readonly CoverageReason DuplicatePension = new("duplicate:pension", "paying into both employee and resident pension (国发〔2014〕8号)");

    /// <summary>The reasons that name an insurance type, per type (see <see cref="TypeReasons"/>).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<InsuranceType, TypeReasons> ByType = new();

    private sealed class TypeReasons(InsuranceType t)
    {
        public readonly CoverageReason PayingAfterDeath = new($"paying_after_death:{InsuranceVocabulary.Key(t)}", "still paying after death; the enrollment must be terminated");
        public readonly CoverageReason DuplicateRegion = new($"duplicate_region:{InsuranceVocabulary.Key(t)}", "paying into the same insurance in two regions");
        public readonly CoverageReason Elsewhere = new($"elsewhere:{InsuranceVocabulary.Key(t)}", "paying in another region (异地参保)");
        public readonly CoverageReason Suspended = new($"suspended:{InsuranceVocabulary.Key(t)}", "contributions suspended (暂停缴费)");
        public readonly CoverageReason Terminated = new($"terminated:{InsuranceVocabulary.Key(t)}", "enrollment terminated (终止参保) with no successor");
        public readonly CoverageReason Missing = new($"missing:{InsuranceVocabulary.Key(t)}", $"should be in {InsuranceVocabulary.ChineseName(t)} and is not");
    }

    private static TypeReasons For(InsuranceType t) => ByType.GetOrAdd(t, static x => new TypeReasons(x));

    /// <summary>Classifies one person. Loops, not LINQ: it runs once per person of a round.</summary>
    /// <exception cref="InvalidOperationException">No rule matches the situations (the rule list must end with a catch-all situation the caller always sets).</exception>
    public CoverageDecision Classify(CoverageFacts facts)
    {
        var index = -1;
        for (var i = 0; i < Rules.Count; i++) if (facts.Situations.Contains(Rules[i].When)) { index = i; break; }
        if (index < 0) throw new InvalidOperationException("no coverage rule matches the person's situations");
        var rule = Rules[index];
        var reasons = new List<CoverageReason>(4) { _ruleReasons[index] };
        var enrollments = facts.Enrollments;
        var payingAny = false;
        for (var i = 0; i < enrollments.Count; i++) payingAny |= enrollments[i].Status == EnrollmentStatus.Paying;

        if (rule.When == Situation.Deceased)
        {
            if (payingAny)
            {
                for (var i = 0; i < enrollments.Count; i++)
                    if (enrollments[i].Status == EnrollmentStatus.Paying) reasons.Add(For(enrollments[i].Insurance).PayingAfterDeath);
                return new(CoverageStatus.DeceasedStillEnrolled, rule, rule.Requires, reasons);
            }
            return new(CoverageStatus.OutOfScope, rule, rule.Requires, reasons);
        }
        if (!rule.InScope) return new(CoverageStatus.OutOfScope, rule, rule.Requires, reasons);
        if (facts.UnresolvedConflict)
        {
            reasons.Add(ConflictReason);
            return new(CoverageStatus.NeedsVerification, rule, rule.Requires, reasons);
        }

        var duplicate = false;
        if (Pays(enrollments, InsuranceType.EmployeeMedical) && Pays(enrollments, InsuranceType.ResidentMedical))
        {
            duplicate = true;
            reasons.Add(DuplicateMedical);
        }
        if (Pays(enrollments, InsuranceType.EmployeePension) && Pays(enrollments, InsuranceType.ResidentPension))
        {
            duplicate = true;
            reasons.Add(DuplicatePension);
        }
        // One insurance paid in two regions: per insurance, in the order it first appears among the paying enrollments.
        for (var i = 0; i < enrollments.Count; i++)
        {
            var e = enrollments[i];
            if (e.Status != EnrollmentStatus.Paying || PaysBefore(enrollments, i, e.Insurance)) continue;
            var where = Where(e);
            for (var k = i + 1; k < enrollments.Count; k++)
            {
                var other = enrollments[k];
                if (other.Status != EnrollmentStatus.Paying || other.Insurance != e.Insurance || Where(other) == where) continue;
                duplicate = true;
                reasons.Add(For(e.Insurance).DuplicateRegion);
                break;
            }
        }
        if (duplicate) return new(CoverageStatus.DuplicateEnrollment, rule, rule.Requires, reasons);

        int payingCount = 0, elsewhereCount = 0, lapsedCount = 0;
        for (var r = 0; r < rule.Requires.Count; r++) // index loops: foreach over an IReadOnlyList boxes its enumerator
        {
            var t = rule.Requires[r];
            bool payingHere = false, payingElsewhere = false, suspended = false, terminated = false;
            for (var i = 0; i < enrollments.Count; i++)
            {
                var e = enrollments[i];
                if (e.Insurance != t) continue;
                if (e.Status == EnrollmentStatus.Paying) { if (e.Elsewhere) payingElsewhere = true; else payingHere = true; }
                else if (e.Status == EnrollmentStatus.Suspended) suspended = true;
                else if (e.Status == EnrollmentStatus.Terminated) terminated = true;
            }
            if (payingHere) { payingCount++; continue; }
            if (payingElsewhere) { payingCount++; elsewhereCount++; reasons.Add(For(t).Elsewhere); continue; }
            if (suspended) { lapsedCount++; reasons.Add(For(t).Suspended); continue; }
            if (terminated) { lapsedCount++; reasons.Add(For(t).Terminated); continue; }
            reasons.Add(For(t).Missing);
        }
        var required = rule.Requires.Count;
        if (payingCount == required)
            return new(elsewhereCount > 0 ? CoverageStatus.EnrolledElsewhere : CoverageStatus.FullyEnrolled, rule, rule.Requires, reasons);
        if (lapsedCount > 0) return new(CoverageStatus.Lapsed, rule, rule.Requires, reasons);
        return new(payingCount > 0 ? CoverageStatus.PartlyEnrolled : CoverageStatus.NotEnrolled, rule, rule.Requires, reasons);
    }

    private static bool Pays(IReadOnlyList<EnrollmentObservation> enrollments, InsuranceType t) => PaysBefore(enrollments, enrollments.Count, t);

    private static bool PaysBefore(IReadOnlyList<EnrollmentObservation> enrollments, int end, InsuranceType t)
    {
        for (var i = 0; i < end; i++) if (enrollments[i].Status == EnrollmentStatus.Paying && enrollments[i].Insurance == t) return true;
        return false;
    }

    /// <summary>Where an enrollment is paid, for the two-regions check: its region code, else elsewhere or local.</summary>
    private static string Where(EnrollmentObservation e) => e.Region.Length > 0 ? e.Region : e.Elsewhere ? "elsewhere" : "local";
}
