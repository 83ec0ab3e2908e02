namespace Canbao.Store.ChangeFeed;

/// <summary>(a) District statistics: persons per district × coverage status and per insurance (paying), kept by
/// replacing each person's contribution (<see cref="DerivedProjections.Statistics"/>).</summary>
/// <param name="store">Where the counts live.</param>
public sealed class DistrictStatisticsHandler(IDerivedDataStore store) : IChangeHandler
{
    /// <inheritdoc />
    public string Name => "district_statistics";

    /// <inheritdoc />
    public Task<int> HandleAsync(IReadOnlyList<StoredPerson> changes, CancellationToken ct = default)
        => store.ApplyStatisticsAsync([.. changes.Select(c => new Derived<StatisticsContribution>(c.Person.Id, c.ETag, DerivedProjections.Statistics(c)))], ct);
}

/// <summary>(b) The survey work list: a person is added when a change leaves them not enrolled, partly enrolled, lapsed
/// or in need of verification with a survey pending, and removed when enrolled, deceased, moved out or in custody
/// (<see cref="DerivedProjections.Survey"/>).</summary>
/// <param name="store">Where the list lives.</param>
public sealed class SurveyWorkListHandler(IDerivedDataStore store) : IChangeHandler
{
    /// <inheritdoc />
    public string Name => "survey_work_list";

    /// <inheritdoc />
    public Task<int> HandleAsync(IReadOnlyList<StoredPerson> changes, CancellationToken ct = default)
        => store.ApplySurveyAsync([.. changes.Select(c => new Derived<SurveyWorkItem?>(c.Person.Id, c.ETag, DerivedProjections.Survey(c)))], ct);
}

/// <summary>(c) The lists sent back to departments: per person, the feeds whose records it shows wrong
/// (<see cref="DerivedProjections.DepartmentEntries"/>).</summary>
/// <param name="store">Where the lists live.</param>
public sealed class DepartmentListsHandler(IDerivedDataStore store) : IChangeHandler
{
    /// <inheritdoc />
    public string Name => "department_lists";

    /// <inheritdoc />
    public Task<int> HandleAsync(IReadOnlyList<StoredPerson> changes, CancellationToken ct = default)
        => store.ApplyDepartmentListsAsync([.. changes.Select(c => new Derived<IReadOnlyList<DepartmentListEntry>>(c.Person.Id, c.ETag, DerivedProjections.DepartmentEntries(c)))], ct);
}

/// <summary>The derived-data handlers.</summary>
public static class DerivedDataHandlers
{
    /// <summary>The three derived-data handlers over one store: statistics, survey work list, department lists.</summary>
    public static IReadOnlyList<IChangeHandler> All(IDerivedDataStore store)
        => [new DistrictStatisticsHandler(store), new SurveyWorkListHandler(store), new DepartmentListsHandler(store)];
}
