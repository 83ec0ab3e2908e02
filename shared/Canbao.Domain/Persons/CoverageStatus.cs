namespace Canbao.Domain.Persons;

/// <summary>
/// Coverage status of a person (参保状态 of the registration), decided by the comparison round.
/// Serialized in snake_case (e.g. <c>partly_enrolled</c>).
/// </summary>
public enum CoverageStatus
{
    /// <summary>Enrolled and paying in every insurance the person should be in.</summary>
    FullyEnrolled,
    /// <summary>未参齐险种: enrolled in some but not all of the insurances the person should be in.</summary>
    PartlyEnrolled,
    /// <summary>未参保: in none of the insurances the person should be in.</summary>
    NotEnrolled,
    /// <summary>断保: enrolled but contributions suspended (暂停缴费) or terminated without a successor.</summary>
    Lapsed,
    /// <summary>重复参保: enrolled in mutually exclusive insurances (employee and resident medical) or in two regions.</summary>
    DuplicateEnrollment,
    /// <summary>Deceased but an enrollment is still active.</summary>
    DeceasedStillEnrolled,
    /// <summary>异地参保: covered through enrollment in another region.</summary>
    EnrolledElsewhere,
    /// <summary>Data conflict that source precedence could not decide: a surveyor must verify.</summary>
    NeedsVerification,
    /// <summary>Not in the registration's scope (deceased and not enrolled, migrated out, not resident).</summary>
    OutOfScope,
}
