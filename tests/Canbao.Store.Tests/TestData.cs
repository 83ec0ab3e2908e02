using Canbao.Domain.Changes;
using Canbao.Domain.Persons;
using Canbao.Domain.Standard;

namespace Canbao.Store.Tests;

internal static class TestData
{
    public const string CaseId = "420102197008080665";

    public static PersonRecord Person(string id, string district = "630102", CoverageStatus coverage = CoverageStatus.FullyEnrolled,
        string hash = "h1", string township = "630102001")
        => new() { Id = id, DistrictCode = district, TownshipCode = township, Coverage = coverage, ContentHash = hash };

    /// <summary>Synthetic 18-character IDs (the store does not validate check characters).</summary>
    public static string Id(int n) => "6301021990" + n.ToString("D8", System.Globalization.CultureInfo.InvariantCulture);

    public static ChangeEvent Event(ChangeEventKind kind, string personId, string date, string source = "household_registry",
        string? hukou = null, string? district = null, string? township = null, InsuranceType? insurance = null, EnrollmentStatus? status = null)
    {
        var d = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
        var payload = $"{hukou}|{district}|{township}|{insurance}|{status}";
        return new ChangeEvent
        {
            Id = ChangeEvent.StableId(source, ChangeEvent.DefaultNaturalKey(personId, kind, d, payload)),
            Kind = kind, PersonId = personId, EventDate = d, Source = source, HukouAddress = hukou,
            DistrictCode = district, TownshipCode = township, Insurance = insurance, Status = status,
        };
    }
}
