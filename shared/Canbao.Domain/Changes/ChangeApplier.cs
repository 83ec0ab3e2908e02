using Canbao.Domain.Persons;
using Canbao.Domain.Standard;

namespace Canbao.Domain.Changes;

/// <summary>What applying one change event did.</summary>
public enum ChangeOutcome
{
    /// <summary>The event changed the person (facts, coverage or survey flag).</summary>
    Applied,
    /// <summary>A birth created the person record (the only event kind allowed to create one).</summary>
    Created,
    /// <summary>The event was applied before (same stable id): nothing changed.</summary>
    AlreadyApplied,
    /// <summary>Recorded in the history but changed nothing: a later-dated event (or a death) already decided the fact.</summary>
    Superseded,
    /// <summary>Not applied and not recorded on any person: no master record, or the event lacks required data. Needs review.</summary>
    Parked,
}

/// <summary>The result of <see cref="ChangeApplier.Apply"/>.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Reason">Why, in words (for the report; never contains the resident ID).</param>
/// <param name="Person">The person after the event (the new record for <see cref="ChangeOutcome.Created"/>); null when parked for no master record.</param>
/// <param name="ClosesSurveyTasks">True when open survey tasks of the person must be closed (death, migration out).</param>
public sealed record ApplyResult(ChangeOutcome Outcome, string Reason, PersonRecord? Person, bool ClosesSurveyTasks = false)
{
    /// <summary>True when the person or its dynamics changed and must be written.</summary>
    public bool MustWrite => Outcome is ChangeOutcome.Applied or ChangeOutcome.Created or ChangeOutcome.Superseded;
}

/// <summary>
/// Applies change events to a person record and its <see cref="PersonDynamics"/> (动态管理 of 宁政办〔2017〕38号). Pure.
/// Rules:
/// <list type="bullet">
/// <item>Idempotent: an event whose id is in <see cref="PersonDynamics.AppliedEventIds"/> changes nothing.</item>
/// <item>Event order, not arrival order: each fact (death, household registration, custody, each insurance's status)
/// keeps the <see cref="EventStamp"/> of the event that set it; an older event never overwrites a newer one.</item>
/// <item>Death is terminal: it terminates every known enrollment, sets coverage out of scope and closes survey tasks;
/// events dated after a death, and enrollment changes dated before it, are superseded — they never bring a person back.</item>
/// <item>A person left not enrolled, partly enrolled or lapsed (after a status change, moving in, a residence permit,
/// release or birth) is marked for a survey again; nobody in custody is.</item>
/// <item>A report about an unknown person creates nothing and is parked, except a birth, which creates the record.</item>
/// </list>
/// Apply mutates the given record and dynamics in place; callers re-read before re-applying (read-modify-write).
/// </summary>
public static class ChangeApplier
{
    /// <summary>Applies <paramref name="e"/> to <paramref name="person"/> (null when the store has no record) and its dynamics.</summary>
    /// <param name="person">The current record, or null when no master record exists.</param>
    /// <param name="dynamics">The person's dynamics (a fresh instance when none is stored yet).</param>
    /// <param name="e">The event; <see cref="ChangeEvent.PersonId"/> must equal the record's id.</param>
    /// <exception cref="ArgumentException">The event is about another person.</exception>
    public static ApplyResult Apply(PersonRecord? person, PersonDynamics dynamics, ChangeEvent e)
    {
        ArgumentNullException.ThrowIfNull(dynamics);
        ArgumentNullException.ThrowIfNull(e);
        if (person is not null && !string.Equals(person.Id, e.PersonId, StringComparison.Ordinal))
            throw new ArgumentException("The event is about another person than the record given.", nameof(e));

        if (dynamics.AppliedEventIds.Contains(e.Id))
            return new ApplyResult(ChangeOutcome.AlreadyApplied, "event already applied", person);

        if (person is null)
        {
            if (e.Kind != ChangeEventKind.Birth)
                return new ApplyResult(ChangeOutcome.Parked, "no master record", null);
            if (string.IsNullOrEmpty(e.DistrictCode))
                return new ApplyResult(ChangeOutcome.Parked, "birth without a residence district", null);
            person = new PersonRecord
            {
                Id = e.PersonId,
                DistrictCode = e.DistrictCode,
                TownshipCode = e.TownshipCode ?? "",
                Coverage = CoverageStatus.NotEnrolled,
            };
            dynamics.SurveyNeeded = true;
            dynamics.SurveyReason = "newborn";
            Record(dynamics, e, "created by birth; not_enrolled; survey");
            return new ApplyResult(ChangeOutcome.Created, "newborn registered", person);
        }

        var missing = MissingData(e);
        if (missing is not null)
            return new ApplyResult(ChangeOutcome.Parked, missing, person);

        var stamp = e.Stamp;
        var coverageBefore = person.Coverage;
        var surveyBefore = dynamics.SurveyNeeded;
        string? superseded = null;
        var closes = false;

        if (dynamics.DeathStamp is { } death && e.Kind != ChangeEventKind.Death
            && (stamp.CompareTo(death) > 0 || e.Kind == ChangeEventKind.EnrollmentStatusChange))
        {
            superseded = $"person deceased {dynamics.DeathDate:yyyy-MM-dd}";
        }
        else
        {
            switch (e.Kind)
            {
                case ChangeEventKind.Death:
                    if (dynamics.DeathStamp is not null) { superseded = "death already recorded"; break; }
                    dynamics.DeathDate = e.EventDate;
                    dynamics.DeathStamp = stamp;
                    foreach (var f in dynamics.Enrollments.Where(f => f.Stamp.CompareTo(stamp) < 0))
                    {
                        f.Status = EnrollmentStatus.Terminated;
                        f.Stamp = stamp;
                    }
                    closes = true;
                    break;
                case ChangeEventKind.MigrationIn:
                case ChangeEventKind.MigrationOut:
                    if (dynamics.HukouStamp is { } h && h.CompareTo(stamp) > 0) { superseded = "a later household-registration change is recorded"; break; }
                    dynamics.HukouStamp = stamp;
                    dynamics.MigratedOut = e.Kind == ChangeEventKind.MigrationOut;
                    if (e.Kind == ChangeEventKind.MigrationIn)
                    {
                        if (e.HukouAddress is not null) dynamics.HukouAddress = e.HukouAddress;
                        MoveResidence(person, e);
                    }
                    else closes = true;
                    break;
                case ChangeEventKind.PrisonEntry:
                case ChangeEventKind.PrisonRelease:
                    if (dynamics.CustodyStamp is { } c && c.CompareTo(stamp) > 0) { superseded = "a later custody change is recorded"; break; }
                    dynamics.CustodyStamp = stamp;
                    dynamics.InCustody = e.Kind == ChangeEventKind.PrisonEntry;
                    break;
                case ChangeEventKind.ResidencePermit:
                    if (dynamics.ResidencePermitDate is { } p && p >= e.EventDate) { superseded = "a later residence permit is recorded"; break; }
                    dynamics.ResidencePermitDate = e.EventDate;
                    MoveResidence(person, e);
                    break;
                case ChangeEventKind.Birth:
                    superseded = "person already registered";
                    break;
                case ChangeEventKind.EnrollmentStatusChange:
                    var fact = dynamics.Enrollments.FirstOrDefault(f => f.Insurance == e.Insurance!.Value);
                    if (fact is null)
                        dynamics.Enrollments.Add(new EnrollmentFact { Insurance = e.Insurance!.Value, Status = e.Status!.Value, Stamp = stamp });
                    else if (fact.Stamp.CompareTo(stamp) > 0) superseded = "a later status of this insurance is recorded";
                    else { fact.Status = e.Status!.Value; fact.Stamp = stamp; }
                    break;
            }
        }

        if (superseded is null) Derive(person, dynamics, e.Kind);
        var effect = superseded is not null
            ? "superseded: " + superseded
            : Describe(coverageBefore, person.Coverage, surveyBefore, dynamics);
        Record(dynamics, e, effect);
        return superseded is not null
            ? new ApplyResult(ChangeOutcome.Superseded, superseded, person)
            : new ApplyResult(ChangeOutcome.Applied, effect, person, closes || (surveyBefore && !dynamics.SurveyNeeded));
    }

    /// <summary>Applies events to one person in <see cref="ChangeEvent.Order"/>; returns one result per event in that order.</summary>
    public static IReadOnlyList<(ChangeEvent Event, ApplyResult Result)> ApplyAll(PersonRecord? person, PersonDynamics dynamics, IEnumerable<ChangeEvent> events)
    {
        var results = new List<(ChangeEvent, ApplyResult)>();
        foreach (var e in events.OrderBy(x => x, ChangeEvent.Order))
        {
            var r = Apply(person, dynamics, e);
            if (r.Person is not null) person = r.Person;
            results.Add((e, r));
        }
        return results;
    }

    private static string? MissingData(ChangeEvent e) => e.Kind switch
    {
        ChangeEventKind.EnrollmentStatusChange when e.Insurance is null || e.Status is null => "status change without insurance or status",
        ChangeEventKind.MigrationIn when e.DistrictCode is null && e.HukouAddress is null => "migration in without a new address or district",
        _ => null,
    };

    private static void MoveResidence(PersonRecord person, ChangeEvent e)
    {
        if (!string.IsNullOrEmpty(e.DistrictCode)) person.DistrictCode = e.DistrictCode;
        if (e.TownshipCode is not null) person.TownshipCode = e.TownshipCode;
    }

    /// <summary>Coverage and survey flag from the facts after an applied event.</summary>
    private static void Derive(PersonRecord person, PersonDynamics d, ChangeEventKind kind)
    {
        if (d.DeathStamp is not null) { person.Coverage = CoverageStatus.OutOfScope; SetSurvey(d, false, "deceased"); return; }
        if (d.MigratedOut) { person.Coverage = CoverageStatus.OutOfScope; SetSurvey(d, false, "migrated_out"); return; }

        var arrived = kind is ChangeEventKind.MigrationIn or ChangeEventKind.ResidencePermit;
        if (arrived && person.Coverage == CoverageStatus.OutOfScope) person.Coverage = CoverageStatus.NotEnrolled;
        if (kind == ChangeEventKind.EnrollmentStatusChange && d.Enrollments.Count > 0)
        {
            var paying = d.Enrollments.Count(f => f.Status == EnrollmentStatus.Paying);
            person.Coverage = paying == 0 ? CoverageStatus.Lapsed
                : paying < d.Enrollments.Count || person.Coverage != CoverageStatus.FullyEnrolled ? CoverageStatus.PartlyEnrolled
                : CoverageStatus.FullyEnrolled;
        }

        if (d.InCustody) { SetSurvey(d, false, "in_custody"); return; }
        var gap = person.Coverage is CoverageStatus.NotEnrolled or CoverageStatus.PartlyEnrolled or CoverageStatus.Lapsed;
        if (!gap) { SetSurvey(d, false, "covered"); return; }
        var reason = kind switch
        {
            ChangeEventKind.MigrationIn => "moved_in",
            ChangeEventKind.ResidencePermit => "residence_permit",
            ChangeEventKind.PrisonRelease => "released",
            _ => person.Coverage switch
            {
                CoverageStatus.Lapsed => "lapsed",
                CoverageStatus.NotEnrolled => "not_enrolled",
                _ => "partly_enrolled",
            },
        };
        SetSurvey(d, true, reason);
    }

    private static void SetSurvey(PersonDynamics d, bool needed, string reason)
    {
        if (d.SurveyNeeded == needed && !needed) return;
        d.SurveyNeeded = needed;
        d.SurveyReason = reason;
    }

    private static string Describe(CoverageStatus before, CoverageStatus after, bool surveyBefore, PersonDynamics d)
    {
        var parts = new List<string>();
        if (before != after) parts.Add($"coverage {before}→{after}");
        if (surveyBefore != d.SurveyNeeded) parts.Add(d.SurveyNeeded ? $"survey ({d.SurveyReason})" : $"survey closed ({d.SurveyReason})");
        return parts.Count == 0 ? "facts updated" : string.Join("; ", parts);
    }

    private static void Record(PersonDynamics d, ChangeEvent e, string effect)
    {
        d.AppliedEventIds.Add(e.Id);
        d.History.Add(new ChangeHistoryEntry(e.Id, e.Kind, e.EventDate, e.Source, effect));
    }
}
