using Canbao.Domain.Changes;
using Canbao.Domain.Persons;
using Canbao.Domain.Standard;
using Canbao.Store;
using static Canbao.Store.Tests.TestData;

namespace Canbao.Store.Tests;

/// <summary>The pure change-event rules: stable ids, idempotency and event order for every event kind.</summary>
public sealed class ChangeApplierTests
{
    private static readonly string P = CaseId;

    private static (PersonRecord, PersonDynamics) Master(CoverageStatus coverage = CoverageStatus.FullyEnrolled)
        => (Person(P, coverage: coverage), new PersonDynamics
        {
            Enrollments = [new EnrollmentFact { Insurance = InsuranceType.ResidentMedical, Status = EnrollmentStatus.Paying }],
        });

    private static string Snapshot(PersonRecord p, PersonDynamics d)
        => System.Text.Encoding.UTF8.GetString(PersonJson.Serialize(p)) + System.Text.Encoding.UTF8.GetString(PersonJson.Serialize(d));

    public static TheoryData<ChangeEvent> OneOfEachKind() => new(AllKinds());
    public static TheoryData<ChangeEvent> OneOfEachKindButDeath() => new(AllKinds().Where(e => e.Kind != ChangeEventKind.Death));

    private static ChangeEvent[] AllKinds() =>
    [
        Event(ChangeEventKind.Death, P, "2026-11-20", "civil_affairs"),
        Event(ChangeEventKind.MigrationIn, P, "2026-11-10", hukou: "孝感市孝南区迁入路26号", district: "630103", township: "630103004"),
        Event(ChangeEventKind.MigrationOut, P, "2026-11-10"),
        Event(ChangeEventKind.Birth, P, "2026-11-01", "health", district: "630102"),
        Event(ChangeEventKind.PrisonEntry, P, "2026-11-02", "justice"),
        Event(ChangeEventKind.PrisonRelease, P, "2026-11-03", "justice"),
        Event(ChangeEventKind.ResidencePermit, P, "2026-11-04", district: "630104", township: "630104001"),
        Event(ChangeEventKind.EnrollmentStatusChange, P, "2026-11-05", "social_insurance", insurance: InsuranceType.ResidentMedical, status: EnrollmentStatus.Suspended),
    ];

    [Fact]
    public void Stable_id_depends_on_source_and_natural_key_only()
    {
        var a = ChangeEvent.StableId("civil_affairs", "420102197008080665|Death|2026-11-20|");
        Assert.Equal(a, ChangeEvent.StableId("civil_affairs", "420102197008080665|Death|2026-11-20|"));
        Assert.NotEqual(a, ChangeEvent.StableId("health", "420102197008080665|Death|2026-11-20|"));
        Assert.Matches("^[0-9a-f]{32}$", a);
        Assert.Throws<ArgumentException>(() => ChangeEvent.StableId("", "x"));
    }

    [Theory]
    [MemberData(nameof(OneOfEachKind))]
    public void Applying_an_event_twice_equals_applying_it_once(ChangeEvent e)
    {
        var (p, d) = Master();
        var first = ChangeApplier.Apply(p, d, e);
        Assert.NotEqual(ChangeOutcome.Parked, first.Outcome);
        var once = Snapshot(p, d);
        var second = ChangeApplier.Apply(p, d, e);
        Assert.Equal(ChangeOutcome.AlreadyApplied, second.Outcome);
        Assert.False(second.MustWrite);
        Assert.Equal(once, Snapshot(p, d));
        Assert.Single(d.History);
    }

    /// <summary>Every kind, dated before a death but arriving after it, never brings the person back.</summary>
    [Theory]
    [MemberData(nameof(OneOfEachKind))]
    public void An_event_dated_before_a_death_never_brings_the_person_back(ChangeEvent e)
    {
        var (p, d) = Master();
        ChangeApplier.Apply(p, d, Event(ChangeEventKind.Death, P, "2026-11-25", "civil_affairs"));
        ChangeApplier.Apply(p, d, e);
        Assert.Equal(CoverageStatus.OutOfScope, p.Coverage);
        Assert.Equal(new DateOnly(2026, 11, 25), d.DeathDate);
        Assert.False(d.SurveyNeeded);
        Assert.All(d.Enrollments, f => Assert.Equal(EnrollmentStatus.Terminated, f.Status));
    }

    /// <summary>Every kind dated after a death is superseded: recorded, nothing changes.</summary>
    [Theory]
    [MemberData(nameof(OneOfEachKindButDeath))]
    public void An_event_dated_after_a_death_is_superseded(ChangeEvent e)
    {
        var (p, d) = Master();
        ChangeApplier.Apply(p, d, Event(ChangeEventKind.Death, P, "2026-10-01", "civil_affairs"));
        var personBefore = System.Text.Encoding.UTF8.GetString(PersonJson.Serialize(p));
        var factsBefore = (d.HukouAddress, d.MigratedOut, d.InCustody, d.ResidencePermitDate, d.Enrollments.Single().Status, d.SurveyNeeded);
        var r = ChangeApplier.Apply(p, d, e);
        Assert.Equal(ChangeOutcome.Superseded, r.Outcome);
        Assert.Equal("person deceased 2026-10-01", r.Reason);
        Assert.Equal(CoverageStatus.OutOfScope, p.Coverage);
        Assert.Equal(2, d.History.Count);
        Assert.Equal(personBefore, System.Text.Encoding.UTF8.GetString(PersonJson.Serialize(p)));
        Assert.Equal(factsBefore, (d.HukouAddress, d.MigratedOut, d.InCustody, d.ResidencePermitDate, d.Enrollments.Single().Status, d.SurveyNeeded));
        Assert.Equal(new DateOnly(2026, 10, 1), d.DeathDate);
    }

    [Fact]
    public void Death_terminates_enrollments_and_closes_survey_tasks()
    {
        var (p, d) = Master(CoverageStatus.Lapsed);
        d.SurveyNeeded = true;
        var r = ChangeApplier.Apply(p, d, Event(ChangeEventKind.Death, P, "2026-11-20", "civil_affairs"));
        Assert.Equal((ChangeOutcome.Applied, true), (r.Outcome, r.ClosesSurveyTasks));
        Assert.Equal((CoverageStatus.OutOfScope, false, "deceased"), (p.Coverage, d.SurveyNeeded, d.SurveyReason));
        Assert.Equal(EnrollmentStatus.Terminated, d.Enrollments[0].Status);
        var again = ChangeApplier.Apply(p, d, Event(ChangeEventKind.Death, P, "2026-11-21", "health"));
        Assert.Equal((ChangeOutcome.Superseded, "death already recorded"), (again.Outcome, again.Reason));
        Assert.Equal(new DateOnly(2026, 11, 20), d.DeathDate);
    }

    [Fact]
    public void Status_changes_apply_in_event_order_not_arrival_order()
    {
        var suspended = Event(ChangeEventKind.EnrollmentStatusChange, P, "2026-11-05", "social_insurance", insurance: InsuranceType.ResidentMedical, status: EnrollmentStatus.Suspended);
        var paying = Event(ChangeEventKind.EnrollmentStatusChange, P, "2026-09-01", "social_insurance", insurance: InsuranceType.ResidentMedical, status: EnrollmentStatus.Paying);

        var (p1, d1) = Master();
        ChangeApplier.Apply(p1, d1, suspended);
        Assert.Equal(ChangeOutcome.Superseded, ChangeApplier.Apply(p1, d1, paying).Outcome);
        var (p2, d2) = Master();
        ChangeApplier.ApplyAll(p2, d2, [suspended, paying]);

        foreach (var (p, d) in new[] { (p1, d1), (p2, d2) })
        {
            Assert.Equal(EnrollmentStatus.Suspended, d.Enrollments.Single().Status);
            Assert.Equal((CoverageStatus.Lapsed, true, "lapsed"), (p.Coverage, d.SurveyNeeded, d.SurveyReason));
        }
    }

    [Fact]
    public void Becoming_partly_enrolled_puts_the_person_back_on_the_survey_list()
    {
        var (p, d) = Master();
        d.Enrollments.Add(new EnrollmentFact { Insurance = InsuranceType.ResidentPension, Status = EnrollmentStatus.Paying });
        var r = ChangeApplier.Apply(p, d, Event(ChangeEventKind.EnrollmentStatusChange, P, "2026-11-05", "social_insurance",
            insurance: InsuranceType.ResidentPension, status: EnrollmentStatus.Terminated));
        Assert.Equal(ChangeOutcome.Applied, r.Outcome);
        Assert.Equal((CoverageStatus.PartlyEnrolled, true, "partly_enrolled"), (p.Coverage, d.SurveyNeeded, d.SurveyReason));
        Assert.Equal("coverage FullyEnrolled→PartlyEnrolled; survey (partly_enrolled)", r.Reason);
    }

    [Fact]
    public void Migration_in_and_out_follow_event_order()
    {
        var moveIn = Event(ChangeEventKind.MigrationIn, P, "2026-11-10", hukou: "西宁市城中区新路1号", district: "630103", township: "630103004");
        var moveOut = Event(ChangeEventKind.MigrationOut, P, "2026-10-01");
        var (p, d) = Master(CoverageStatus.OutOfScope);
        var r = ChangeApplier.Apply(p, d, moveIn);
        Assert.Equal(("630103", "630103004", "西宁市城中区新路1号"), (p.DistrictCode, p.TownshipCode, d.HukouAddress));
        Assert.Equal((CoverageStatus.NotEnrolled, true, "moved_in"), (p.Coverage, d.SurveyNeeded, d.SurveyReason));
        Assert.Equal(ChangeOutcome.Applied, r.Outcome);
        Assert.Equal(ChangeOutcome.Superseded, ChangeApplier.Apply(p, d, moveOut).Outcome); // older move-out arrives late
        Assert.False(d.MigratedOut);

        var later = ChangeApplier.Apply(p, d, Event(ChangeEventKind.MigrationOut, P, "2026-12-01"));
        Assert.True(later.ClosesSurveyTasks);
        Assert.Equal((CoverageStatus.OutOfScope, false, "migrated_out"), (p.Coverage, d.SurveyNeeded, d.SurveyReason));
    }

    [Fact]
    public void Prison_entry_pauses_surveys_and_release_resumes_them()
    {
        var (p, d) = Master(CoverageStatus.NotEnrolled);
        d.Enrollments.Clear();
        d.SurveyNeeded = true;
        var entry = Event(ChangeEventKind.PrisonEntry, P, "2025-03-01", "justice");
        var release = Event(ChangeEventKind.PrisonRelease, P, "2026-11-01", "justice");
        ChangeApplier.Apply(p, d, release);
        Assert.Equal((false, true, "released"), (d.InCustody, d.SurveyNeeded, d.SurveyReason));
        Assert.Equal(ChangeOutcome.Superseded, ChangeApplier.Apply(p, d, entry).Outcome); // older entry arrives late
        Assert.False(d.InCustody);
        ChangeApplier.Apply(p, d, Event(ChangeEventKind.PrisonEntry, P, "2026-11-15", "justice"));
        Assert.Equal((true, false, "in_custody"), (d.InCustody, d.SurveyNeeded, d.SurveyReason));
    }

    [Fact]
    public void Residence_permit_brings_an_out_of_scope_person_into_scope()
    {
        var (p, d) = Master(CoverageStatus.OutOfScope);
        d.Enrollments.Clear();
        ChangeApplier.Apply(p, d, Event(ChangeEventKind.ResidencePermit, P, "2026-11-04", district: "630104", township: "630104001"));
        Assert.Equal(("630104", CoverageStatus.NotEnrolled, true, "residence_permit"), (p.DistrictCode, p.Coverage, d.SurveyNeeded, d.SurveyReason));
        Assert.Equal(ChangeOutcome.Superseded, ChangeApplier.Apply(p, d, Event(ChangeEventKind.ResidencePermit, P, "2026-01-04", district: "630105")).Outcome);
        Assert.Equal("630104", p.DistrictCode);
    }

    [Fact]
    public void Birth_creates_only_when_no_record_exists_and_other_kinds_park()
    {
        var birth = Event(ChangeEventKind.Birth, Id(5), "2026-11-01", "health", district: "630102", township: "630102003");
        var created = ChangeApplier.Apply(null, new PersonDynamics(), birth);
        Assert.Equal(ChangeOutcome.Created, created.Outcome);
        Assert.Equal((Id(5), "630102", "630102003", CoverageStatus.NotEnrolled), (created.Person!.Id, created.Person.DistrictCode, created.Person.TownshipCode, created.Person.Coverage));

        var (p, d) = Master();
        Assert.Equal((ChangeOutcome.Superseded, "person already registered"), (ChangeApplier.Apply(p, d, birth with { PersonId = P }) is var r ? (r.Outcome, r.Reason) : default));

        foreach (var e in AllKinds().Where(e => e.Kind != ChangeEventKind.Birth))
        {
            var parked = ChangeApplier.Apply(null, new PersonDynamics(), e);
            Assert.Equal((ChangeOutcome.Parked, "no master record", (PersonRecord?)null), (parked.Outcome, parked.Reason, parked.Person));
        }
        Assert.Equal("birth without a residence district", ChangeApplier.Apply(null, new PersonDynamics(), birth with { DistrictCode = null }).Reason);
    }

    [Fact]
    public void Same_day_events_apply_before_the_death()
    {
        var death = Event(ChangeEventKind.Death, P, "2026-11-20", "civil_affairs");
        var move = Event(ChangeEventKind.MigrationIn, P, "2026-11-20", hukou: "同日地址");
        var (p, d) = Master();
        var results = ChangeApplier.ApplyAll(p, d, [death, move]);
        Assert.Equal([ChangeEventKind.MigrationIn, ChangeEventKind.Death], results.Select(x => x.Event.Kind));
        Assert.All(results, x => Assert.Equal(ChangeOutcome.Applied, x.Result.Outcome));
        Assert.Equal(("同日地址", CoverageStatus.OutOfScope), (d.HukouAddress, p.Coverage));
    }

    [Fact]
    public void Status_change_without_insurance_is_parked()
    {
        var (p, d) = Master();
        var r = ChangeApplier.Apply(p, d, Event(ChangeEventKind.EnrollmentStatusChange, P, "2026-11-05", "social_insurance"));
        Assert.Equal((ChangeOutcome.Parked, "status change without insurance or status"), (r.Outcome, r.Reason));
        Assert.Empty(d.AppliedEventIds);
    }
}
