namespace Canbao.Store.ChangeFeed;

/// <summary>Persons of one district counted under one key.</summary>
/// <param name="DistrictCode">6-digit district code.</param>
/// <param name="Dimension"><c>coverage</c> (key = coverage status, snake_case) or <c>insurance</c> (key = insurance key,
/// persons with a paying enrollment in it).</param>
/// <param name="Key">The coverage status or insurance key.</param>
/// <param name="Persons">Number of persons.</param>
public sealed record DistrictCount(string DistrictCode, string Dimension, string Key, long Persons);

/// <summary>What one person version contributes to the district statistics.</summary>
/// <param name="DistrictCode">District of residence.</param>
/// <param name="Coverage">Coverage status key (snake_case).</param>
/// <param name="PayingInsurances">Insurance keys with a paying (参保缴费) enrollment, distinct, sorted.</param>
public sealed record StatisticsContribution(string DistrictCode, string Coverage, IReadOnlyList<string> PayingInsurances);

/// <summary>One person on the survey work list.</summary>
/// <param name="PersonId">Resident ID.</param>
/// <param name="DistrictCode">District of residence.</param>
/// <param name="TownshipCode">Township/street whose roster holds the person (empty when unknown).</param>
/// <param name="Reason">Why (coverage status key or the change-event reason, e.g. <c>newborn</c>).</param>
public sealed record SurveyWorkItem(string PersonId, string DistrictCode, string TownshipCode, string Reason);

/// <summary>
/// One line of a list sent back to a department: the same fields as <c>Canbao.Reports.Departments.DepartmentFinding</c>
/// (feed, resident ID, name, finding, detail; write them with <c>DepartmentLists.WriteXlsx</c>) plus the department.
/// </summary>
/// <param name="Department">Department of the feed (<c>FeedSpec.Department</c>, e.g. 社保).</param>
/// <param name="FeedId">Feed whose record should be corrected.</param>
/// <param name="PersonId">Resident ID (full: the department holds it; mask it in logs).</param>
/// <param name="Name">Master name.</param>
/// <param name="Finding">Short Chinese finding, e.g. 已死亡仍在参保缴费.</param>
/// <param name="Detail">Detail: the department's value, the value kept and the rule.</param>
public sealed record DepartmentListEntry(string Department, string FeedId, string PersonId, string Name, string Finding, string Detail);

/// <summary>One item of a handler batch: the person, the version (ETag) and what that version derives.</summary>
/// <typeparam name="T">The derived value (null = the person contributes nothing, e.g. leaves the survey list).</typeparam>
/// <param name="PersonId">Resident ID.</param>
/// <param name="ETag">Version of the person.</param>
/// <param name="Value">Derived value of that version.</param>
public sealed record Derived<T>(string PersonId, string ETag, T Value);

/// <summary>
/// The derived data the change-feed consumer keeps: district statistics, the survey work list and the lists sent back
/// to departments. Every apply is idempotent by (handler, person id, ETag): a version applied already is skipped, a new
/// version replaces the person's previous contribution; each call is one transaction. Implementation: SQLite
/// (<c>SqliteDerivedDataStore</c>, tables in the store file). In Azure the district view in Cosmos DB is the derived data
/// (see README, Change-feed consumer).
/// </summary>
public interface IDerivedDataStore
{
    /// <summary>Replaces each person's contribution to the district counts; returns how many were applied.</summary>
    Task<int> ApplyStatisticsAsync(IReadOnlyList<Derived<StatisticsContribution>> items, CancellationToken ct = default);

    /// <summary>Puts each person on the survey work list (value) or takes them off (null); returns how many were applied.</summary>
    Task<int> ApplySurveyAsync(IReadOnlyList<Derived<SurveyWorkItem?>> items, CancellationToken ct = default);

    /// <summary>Replaces each person's department-list entries (empty = none); returns how many were applied.</summary>
    Task<int> ApplyDepartmentListsAsync(IReadOnlyList<Derived<IReadOnlyList<DepartmentListEntry>>> items, CancellationToken ct = default);

    /// <summary>District counts with at least one person, ordered by district, dimension, key.</summary>
    Task<IReadOnlyList<DistrictCount>> ReadDistrictStatisticsAsync(CancellationToken ct = default);

    /// <summary>The survey work list ordered by township then resident ID.</summary>
    Task<IReadOnlyList<SurveyWorkItem>> ReadSurveyWorkListAsync(CancellationToken ct = default);

    /// <summary>Department-list entries ordered by department, feed, resident ID.</summary>
    Task<IReadOnlyList<DepartmentListEntry>> ReadDepartmentListsAsync(CancellationToken ct = default);
}
