using Canbao.Reports.Progress;
using Canbao.Reports.Rosters;

namespace Canbao.Operator.Data;

/// <summary>
/// What the operator API reads and does, as one small port. Adapters implement it over the person store, the round
/// outputs and the workflow client; <see cref="SampleOperatorData"/> implements it in memory. Implementations do not
/// check scope or audit: the handlers do.
/// </summary>
public interface IOperatorData
{
    /// <summary>The city: code (e.g. 630100) and name.</summary>
    AreaView City { get; }

    /// <summary>Orchestration instances, newest first.</summary>
    Task<IReadOnlyList<InstanceView>> ListInstancesAsync(CancellationToken ct);

    /// <summary>Rounds, oldest first.</summary>
    Task<IReadOnlyList<RoundView>> ListRoundsAsync(CancellationToken ct);

    /// <summary>Drops, newest first.</summary>
    Task<IReadOnlyList<DropView>> ListDropsAsync(CancellationToken ct);

    /// <summary>A drop's row findings; null when the drop is unknown.</summary>
    Task<IReadOnlyList<DropRowError>?> GetDropErrorsAsync(string dropId, CancellationToken ct);

    /// <summary>The districts of the city.</summary>
    Task<IReadOnlyList<AreaView>> ListDistrictsAsync(CancellationToken ct);

    /// <summary>Current figures per district (code = district code).</summary>
    Task<IReadOnlyList<ProgressFigures>> DistrictFiguresAsync(CancellationToken ct);

    /// <summary>Current figures per township of <paramref name="districtCode"/> (code = township code).</summary>
    Task<IReadOnlyList<ProgressFigures>> TownshipFiguresAsync(string districtCode, CancellationToken ct);

    /// <summary>District figures as they stood after each round, oldest round first.</summary>
    Task<IReadOnlyList<(string RoundId, IReadOnlyList<ProgressFigures> Districts)>> TrendAsync(CancellationToken ct);

    /// <summary>Survey tasks matching <paramref name="query"/> (full data).</summary>
    Task<IReadOnlyList<SurveyTask>> ListTasksAsync(SurveyTaskQuery query, CancellationToken ct);

    /// <summary>One survey task, or null.</summary>
    Task<SurveyTask?> GetTaskAsync(string taskId, CancellationToken ct);

    /// <summary>Applies an action to a task and returns the task after it.</summary>
    /// <exception cref="InvalidOperationException">The action is not allowed in the task's state.</exception>
    Task<SurveyTask> ActOnTaskAsync(string taskId, SurveyTaskAction action, string? reason, string operatorId, CancellationToken ct);

    /// <summary>One person record, or null.</summary>
    Task<PersonView?> GetPersonAsync(string residentId, CancellationToken ct);

    /// <summary>Items to review (decided ones too).</summary>
    Task<IReadOnlyList<ReviewItem>> ListReviewsAsync(CancellationToken ct);

    /// <summary>Records a review decision and returns the item after it.</summary>
    /// <exception cref="InvalidOperationException">Already decided.</exception>
    Task<ReviewItem> DecideReviewAsync(string reviewId, string decision, string operatorId, CancellationToken ct);

    /// <summary>The current survey roster of a township, or null when it has none.</summary>
    Task<Roster?> GetRosterAsync(string townshipCode, CancellationToken ct);
}
