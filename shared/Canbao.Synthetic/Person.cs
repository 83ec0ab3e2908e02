using Canbao.Domain.Identifiers;
using Canbao.Domain.Standard;

namespace Canbao.Synthetic;

/// <summary>What an adult of working age does (drawn once; children take it up when they come of age).</summary>
public enum Occupation
{
    /// <summary>Employed by an employer (职工).</summary>
    Employee,
    /// <summary>Self-employed / flexible employment (个体、灵活就业).</summary>
    SelfEmployed,
    /// <summary>Not employed.</summary>
    Unemployed,
    /// <summary>Farmer whose land was expropriated (被征地农民).</summary>
    LandExpropriated,
}

/// <summary>
/// The kind of enrollment a person has, before it is materialized against what the person should be in.
/// The coverage status in the truth is always computed from the materialized enrollments by <see cref="CoverageRules"/>.
/// </summary>
public enum EnrollmentScenario
{
    /// <summary>Every expected insurance, paying, in the city.</summary>
    Full,
    /// <summary>Only the first of two or more expected insurances.</summary>
    Partial,
    /// <summary>No enrollment.</summary>
    None,
    /// <summary>Every expected insurance, one of them suspended (暂停缴费) or terminated (终止参保).</summary>
    Lapsed,
    /// <summary>Full, plus the other medical insurance (employee and resident medical at once).</summary>
    DuplicateMedical,
    /// <summary>Full, plus the first expected insurance also paying in another region.</summary>
    DuplicateRegion,
    /// <summary>Every expected insurance paying in another region only (异地参保).</summary>
    Elsewhere,
}

/// <summary>One enrollment of a person in an insurance type.</summary>
/// <param name="Type">Insurance type.</param>
/// <param name="Status">参保缴费 / 暂停缴费 / 终止参保.</param>
/// <param name="Region">6-digit region code of the enrollment (the city's code when local).</param>
/// <param name="Local">True when enrolled with the city's agency (enrollment feed), false for other regions (other_region_enrollment feed).</param>
/// <param name="Since">Enrollment date.</param>
public readonly record struct Enrollment(InsuranceType Type, EnrollmentStatus Status, string Region, bool Local, DateOnly Since);

/// <summary>
/// One latent person of the synthetic city: identity, residence and a whole life over the generation horizon
/// (birth, move in/out, prison, death, enrollment change), from which every period's situation, coverage and
/// department rows are derived. Created on the fly from the seed; never stored for the whole city.
/// </summary>
public sealed class Person
{
    /// <summary>District of residence.</summary>
    public required District District { get; init; }
    /// <summary>District-local person number (0-based, generation order).</summary>
    public required int Number { get; init; }
    /// <summary>Household number (户号), 14 characters.</summary>
    public required string HouseholdId { get; init; }
    /// <summary>Relation to the head of household (户主, 配偶, 子, 女, 父亲, 母亲, 孙子, 孙女).</summary>
    public required string Relation { get; init; }
    /// <summary>Canonical 18-character resident ID.</summary>
    public required string Id { get; init; }
    /// <summary>Name as registered (middle dot U+00B7 in dotted names).</summary>
    public required string Name { get; init; }
    /// <summary>Sex.</summary>
    public required Sex Sex { get; init; }
    /// <summary>Birth date (the ID's embedded date).</summary>
    public required DateOnly Birth { get; init; }
    /// <summary>True when the household registration (户籍) is in the city; false for residence-permit holders.</summary>
    public required bool HukouInCity { get; init; }
    /// <summary>Residence permit number (居住证编号) for holders, else null.</summary>
    public string? PermitNumber { get; init; }
    /// <summary>Residence township.</summary>
    public required Township Township { get; init; }
    /// <summary>Residence address.</summary>
    public required string Address { get; init; }
    /// <summary>The previous residence township (a stale address shows this).</summary>
    public required Township PreviousTownship { get; init; }
    /// <summary>The previous residence address.</summary>
    public required string PreviousAddress { get; init; }
    /// <summary>Household-registration address (the residence for 户籍 residents, the home address elsewhere for permit holders).</summary>
    public required string HukouAddress { get; init; }
    /// <summary>Mobile phone number.</summary>
    public required string Phone { get; init; }
    /// <summary>Occupation as a working-age adult.</summary>
    public required Occupation Occupation { get; init; }
    /// <summary>Employer number when <see cref="Occupation"/> is Employee, else -1.</summary>
    public required int Employer { get; init; }
    /// <summary>In college/university at 18–22.</summary>
    public required bool College { get; init; }
    /// <summary>Resident ID of the mother when she is in the household (newborn reports carry it), else null.</summary>
    public string? MotherId { get; init; }
    /// <summary>Death date, when it falls in the horizon.</summary>
    public DateOnly? Death { get; init; }
    /// <summary>Date the household moved into the city (before it the person is not in the city).</summary>
    public DateOnly? MoveIn { get; init; }
    /// <summary>Date the household moved out of the city.</summary>
    public DateOnly? MoveOut { get; init; }
    /// <summary>Prison entry date.</summary>
    public DateOnly? PrisonIn { get; init; }
    /// <summary>Prison release date (after <see cref="PrisonIn"/>).</summary>
    public DateOnly? PrisonOut { get; init; }
    /// <summary>Enrollment scenario before <see cref="ScenarioChange"/>.</summary>
    public required EnrollmentScenario Scenario { get; init; }
    /// <summary>Date the enrollment scenario changes (status change reported in a later enrollment extract), or null.</summary>
    public DateOnly? ScenarioChange { get; init; }
    /// <summary>Scenario from <see cref="ScenarioChange"/> on.</summary>
    public EnrollmentScenario ScenarioAfter { get; init; }
    /// <summary>After death, an enrollment is still active (deceased_still_enrolled).</summary>
    public required bool StillEnrolledAfterDeath { get; init; }
    /// <summary>Civil-affairs assistance category (城乡低保 …), or null.</summary>
    public string? Assistance { get; init; }
    /// <summary>Holds a social security card.</summary>
    public required bool HasCard { get; init; }
    /// <summary>Seed of this person's own draws (enrollment dates, other region …).</summary>
    public required ulong Seed { get; init; }

    /// <summary>Date of <see cref="CachedEnrollments"/> (memo of <see cref="Life.EnrollmentsOn"/>).</summary>
    internal DateOnly CachedOn { get; set; }
    /// <summary>Enrollments on <see cref="CachedOn"/>.</summary>
    internal IReadOnlyList<Enrollment>? CachedEnrollments { get; set; }

    /// <summary>True when the person exists in the city's records by the date (born, and moved in when a mover-in).</summary>
    public bool KnownBy(DateOnly date) => Birth <= date && (MoveIn is null || MoveIn <= date);

    /// <summary>True when in prison on the date.</summary>
    public bool InPrison(DateOnly date) => PrisonIn is { } i && i <= date && (PrisonOut is null || date < PrisonOut);
}
