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
public sealed class CoverageClassifier(IReadOnlyList<CoverageRule> rules)
{
    /// <summary>A classifier over the default rules.</summary>
    public static CoverageClassifier Default { get; } = new(CoverageRules.Default);

    /// <summary>The rules in use, first match wins.</summary>
    public IReadOnlyList<CoverageRule> Rules { get; } = rules;

    /// <summary>Classifies one person.</summary>
    /// <exception cref="InvalidOperationException">No rule matches the situations (the rule list must end with a catch-all situation the caller always sets).</exception>
    public CoverageDecision Classify(CoverageFacts facts)
    {
        var rule = Rules.FirstOrDefault(r => facts.Situations.Contains(r.When))
            ?? throw new InvalidOperationException("no coverage rule matches the person's situations");
        var reasons = new List<CoverageReason> { new($"rule:{rule.Id}", rule.Source) };
        var paying = facts.Enrollments.Where(e => e.Status == EnrollmentStatus.Paying).ToList();

        if (rule.When == Situation.Deceased)
        {
            if (paying.Count > 0)
            {
                foreach (var e in paying) reasons.Add(new($"paying_after_death:{InsuranceVocabulary.Key(e.Insurance)}", "still paying after death; the enrollment must be terminated"));
                return new(CoverageStatus.DeceasedStillEnrolled, rule, rule.Requires, reasons);
            }
            return new(CoverageStatus.OutOfScope, rule, rule.Requires, reasons);
        }
        if (!rule.InScope) return new(CoverageStatus.OutOfScope, rule, rule.Requires, reasons);
        if (facts.UnresolvedConflict)
        {
            reasons.Add(new("conflict", "departments disagree and source precedence cannot decide; verify in a survey"));
            return new(CoverageStatus.NeedsVerification, rule, rule.Requires, reasons);
        }

        var duplicate = false;
        bool Pays(InsuranceType t) => paying.Any(e => e.Insurance == t);
        if (Pays(InsuranceType.EmployeeMedical) && Pays(InsuranceType.ResidentMedical))
        {
            duplicate = true;
            reasons.Add(new("duplicate:medical", "paying into both employee and resident medical insurance (国发〔2016〕3号)"));
        }
        if (Pays(InsuranceType.EmployeePension) && Pays(InsuranceType.ResidentPension))
        {
            duplicate = true;
            reasons.Add(new("duplicate:pension", "paying into both employee and resident pension (国发〔2014〕8号)"));
        }
        foreach (var g in paying.GroupBy(e => e.Insurance))
        {
            if (g.Select(e => e.Region.Length > 0 ? e.Region : e.Elsewhere ? "elsewhere" : "local").Distinct().Count() > 1)
            {
                duplicate = true;
                reasons.Add(new($"duplicate_region:{InsuranceVocabulary.Key(g.Key)}", "paying into the same insurance in two regions"));
            }
        }
        if (duplicate) return new(CoverageStatus.DuplicateEnrollment, rule, rule.Requires, reasons);

        int payingCount = 0, elsewhereCount = 0, lapsedCount = 0;
        foreach (var t in rule.Requires)
        {
            var key = InsuranceVocabulary.Key(t);
            bool payingHere = false, payingElsewhere = false, suspended = false, terminated = false;
            foreach (var e in facts.Enrollments)
            {
                if (e.Insurance != t) continue;
                if (e.Status == EnrollmentStatus.Paying) { if (e.Elsewhere) payingElsewhere = true; else payingHere = true; }
                else if (e.Status == EnrollmentStatus.Suspended) suspended = true;
                else if (e.Status == EnrollmentStatus.Terminated) terminated = true;
            }
            if (payingHere) { payingCount++; continue; }
            if (payingElsewhere) { payingCount++; elsewhereCount++; reasons.Add(new($"elsewhere:{key}", "paying in another region (异地参保)")); continue; }
            if (suspended) { lapsedCount++; reasons.Add(new($"suspended:{key}", "contributions suspended (暂停缴费)")); continue; }
            if (terminated) { lapsedCount++; reasons.Add(new($"terminated:{key}", "enrollment terminated (终止参保) with no successor")); continue; }
            reasons.Add(new($"missing:{key}", $"should be in {InsuranceVocabulary.ChineseName(t)} and is not"));
        }
        var required = rule.Requires.Count;
        if (payingCount == required)
            return new(elsewhereCount > 0 ? CoverageStatus.EnrolledElsewhere : CoverageStatus.FullyEnrolled, rule, rule.Requires, reasons);
        if (lapsedCount > 0) return new(CoverageStatus.Lapsed, rule, rule.Requires, reasons);
        return new(payingCount > 0 ? CoverageStatus.PartlyEnrolled : CoverageStatus.NotEnrolled, rule, rule.Requires, reasons);
    }
}
