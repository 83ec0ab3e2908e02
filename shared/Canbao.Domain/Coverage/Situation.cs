namespace Canbao.Domain.Coverage;

/// <summary>
/// A life situation that decides which insurances a person should be in. The comparison round derives them from the
/// department feeds (tax and construction rows → employee, education → student, justice → in custody …).
/// Serialized in snake_case.
/// </summary>
public enum Situation
{
    /// <summary>Employed by an employer, or retired from employment (tax contributions, construction worker, an employee-insurance enrollment).</summary>
    Employee,
    /// <summary>In school (教育 feed).</summary>
    Student,
    /// <summary>Under 18 on the round date (children and pupils: resident medical only; 国发〔2014〕8号 excludes pupils from the resident pension).</summary>
    Child,
    /// <summary>18 or older, not a student, not an employee or retired employee, not a land-expropriated farmer.</summary>
    OtherAdult,
    /// <summary>A land-expropriated farmer (被征地农民), from the person category.</summary>
    LandExpropriatedFarmer,
    /// <summary>Serving a sentence (司法 feed: entry without a later release).</summary>
    InCustody,
    /// <summary>Deceased (death certificate or cremation record).</summary>
    Deceased,
    /// <summary>Household registration moved out of the city with no later move back.</summary>
    MigratedOut,
}
