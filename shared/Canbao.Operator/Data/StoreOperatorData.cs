using Canbao.Domain.Identifiers;
using Canbao.Domain.Persons;
using Canbao.Domain.Standard;
using Canbao.Reports.Progress;
using Canbao.Reports.Rosters;
using Canbao.Store;

namespace Canbao.Operator.Data;

/// <summary>
/// What a host knows beside the person store, handed to <see cref="StoreOperatorData"/>: the areas, the rounds and drops it
/// ran (with row findings), the review items from the round's problem list, and district figures of earlier rounds.
/// </summary>
/// <param name="City">The city (code, name).</param>
/// <param name="Districts">The city's districts.</param>
/// <param name="TownshipNames">9-digit township code → name.</param>
/// <param name="Rounds">Rounds, oldest first; the last is the current one (its id goes on the survey tasks).</param>
/// <param name="Drops">Drops, newest first.</param>
/// <param name="DropErrors">Drop id → its row findings (messages carry no unmasked IDs).</param>
/// <param name="Reviews">Possible matches and conflicts to review (full IDs; the API masks them).</param>
/// <param name="EarlierTrend">District figures after each earlier round, oldest first; the current figures are appended.</param>
/// <param name="Deadline">Due date of the current roster results.</param>
/// <param name="RejectedRows">District code → rows rejected by the readers for that district's drops.</param>
public sealed record StoreOperatorSources(
    AreaView City,
    IReadOnlyList<AreaView> Districts,
    IReadOnlyDictionary<string, string> TownshipNames,
    IReadOnlyList<RoundView> Rounds,
    IReadOnlyList<DropView> Drops,
    IReadOnlyDictionary<string, IReadOnlyList<DropRowError>> DropErrors,
    IReadOnlyList<ReviewItem> Reviews,
    IReadOnlyList<(string RoundId, IReadOnlyList<ProgressFigures> Districts)> EarlierTrend,
    DateOnly Deadline,
    IReadOnlyDictionary<string, int> RejectedRows);

/// <summary>
/// <see cref="IOperatorData"/> over a real <see cref="IPersonStore"/>: persons, coverage figures and survey tasks are read
/// from the store (a person with <see cref="PersonRecord.Survey"/> is a survey task; its state is the survey status:
/// <c>to_survey</c> → dispatched, <c>entered</c>, <c>confirmed</c>, <c>unreachable</c>, <c>sent_back</c>); task actions
/// write the new survey status to the person record through <see cref="PersonUpdater"/> (approve → confirmed).
/// Rounds, drops and reviews come from <see cref="StoreOperatorSources"/> (a fixed snapshot, or a function a live host
/// calls on every request); review decisions are kept in memory. Instances come from the host's instance lister (the
/// Durable Task client of <c>canbao serve</c>); without one, one completed entry per round.
/// </summary>
public sealed class StoreOperatorData : IOperatorData
{
    private readonly IPersonStore store;
    private readonly Func<StoreOperatorSources> current;
    private readonly Func<CancellationToken, Task<IReadOnlyList<InstanceView>>>? instances;
    private readonly PersonUpdater _updater;
    private readonly Dictionary<string, ReviewItem> _decided = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _taskPersons = new(StringComparer.Ordinal);

    /// <summary>Over a fixed snapshot of the host's sources (a finished demo).</summary>
    public StoreOperatorData(IPersonStore store, StoreOperatorSources sources) : this(store, () => sources) { }

    /// <summary>Over a live host: <paramref name="sources"/> is called on every request (keep it cheap).</summary>
    /// <param name="store">The person store.</param>
    /// <param name="sources">The host's current rounds, drops, reviews and areas.</param>
    /// <param name="instances">Orchestration instances, newest first; null = one completed entry per round.</param>
    public StoreOperatorData(IPersonStore store, Func<StoreOperatorSources> sources, Func<CancellationToken, Task<IReadOnlyList<InstanceView>>>? instances = null)
    {
        this.store = store;
        current = sources;
        this.instances = instances;
        _updater = new PersonUpdater(store);
    }

    private StoreOperatorSources Sources => current();

    /// <inheritdoc />
    public AreaView City => Sources.City;

    private string CurrentRound => Sources.Rounds.Count > 0 ? Sources.Rounds[^1].RoundId : "";

    /// <inheritdoc />
    public Task<IReadOnlyList<InstanceView>> ListInstancesAsync(CancellationToken ct) =>
        instances?.Invoke(ct) ?? Task.FromResult<IReadOnlyList<InstanceView>>(Sources.Rounds.Reverse().Select(r => new InstanceView(r.RoundId, "ComparisonRoundOrchestrator", "Completed",
            r.RoundId, null, r.StartedAt, r.StartedAt, 1, 1, $"{r.Persons} persons, {r.SurveyTasks} survey tasks")).ToList());

    /// <inheritdoc />
    public Task<IReadOnlyList<RoundView>> ListRoundsAsync(CancellationToken ct) => Task.FromResult(Sources.Rounds);

    /// <inheritdoc />
    public Task<IReadOnlyList<DropView>> ListDropsAsync(CancellationToken ct) => Task.FromResult(Sources.Drops);

    /// <inheritdoc />
    public Task<IReadOnlyList<DropRowError>?> GetDropErrorsAsync(string dropId, CancellationToken ct) =>
        Task.FromResult(Sources.Drops.Any(d => d.DropId == dropId)
            ? Sources.DropErrors.GetValueOrDefault(dropId) ?? []
            : (IReadOnlyList<DropRowError>?)null);

    /// <inheritdoc />
    public Task<IReadOnlyList<AreaView>> ListDistrictsAsync(CancellationToken ct) => Task.FromResult(Sources.Districts);

    /// <inheritdoc />
    public async Task<IReadOnlyList<ProgressFigures>> DistrictFiguresAsync(CancellationToken ct)
    {
        var rows = new List<ProgressFigures>();
        foreach (var d in Sources.Districts)
        {
            var persons = await DistrictPersonsAsync(d.Code, ct);
            rows.Add(Figures(d.Code, d.Name, persons, Funnel(persons), Sources.RejectedRows.GetValueOrDefault(d.Code)));
        }
        return rows;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ProgressFigures>> TownshipFiguresAsync(string districtCode, CancellationToken ct)
    {
        var persons = await DistrictPersonsAsync(districtCode, ct);
        return persons.GroupBy(p => p.TownshipCode).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Figures(g.Key, Sources.TownshipNames.GetValueOrDefault(g.Key, g.Key), g.ToList(), Funnel(g.ToList()), 0)).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<(string RoundId, IReadOnlyList<ProgressFigures> Districts)>> TrendAsync(CancellationToken ct) =>
        [.. Sources.EarlierTrend, (CurrentRound, await DistrictFiguresAsync(ct))];

    /// <inheritdoc />
    public async Task<IReadOnlyList<SurveyTask>> ListTasksAsync(SurveyTaskQuery query, CancellationToken ct)
    {
        var districts = query.DistrictCode is { } dc ? [dc] : Sources.Districts.Select(d => d.Code);
        var tasks = new List<SurveyTask>();
        foreach (var d in districts)
            foreach (var p in await DistrictPersonsAsync(d, ct))
                if (ToTask(p) is { } t && (query.TownshipCode is null || t.TownshipCode == query.TownshipCode) && (query.State is null || t.State == query.State))
                    tasks.Add(t);
        return tasks.OrderBy(t => t.TaskId, StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc />
    public async Task<SurveyTask?> GetTaskAsync(string taskId, CancellationToken ct) =>
        await PersonIdOfAsync(taskId, ct) is { } id && await store.ReadAsync(id, ct) is { } s ? ToTask(s.Person) : null;

    /// <inheritdoc />
    public async Task<SurveyTask> ActOnTaskAsync(string taskId, SurveyTaskAction action, string? reason, string operatorId, CancellationToken ct)
    {
        var task = await GetTaskAsync(taskId, ct) ?? throw new InvalidOperationException($"survey task {taskId} not found");
        var next = (action, task.State) switch
        {
            (SurveyTaskAction.Submit, SurveyTaskState.Dispatched or SurveyTaskState.Visited or SurveyTaskState.SentBack) => "entered",
            (SurveyTaskAction.Approve, SurveyTaskState.Entered or SurveyTaskState.Reviewed) => "confirmed",
            (SurveyTaskAction.SendBack, SurveyTaskState.Entered or SurveyTaskState.Reviewed) => "sent_back",
            _ => throw new InvalidOperationException($"{action} is not allowed on a task in state {task.State}"),
        };
        var at = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var result = await _updater.UpdateAsync(task.ResidentId, (p, _) =>
        {
            if (p.Survey is null) return false;
            p.Survey = p.Survey with { Status = next };
            p.History.Add(new AuditEntry(at, task.RoundId, $"survey {next} by {operatorId}{(string.IsNullOrWhiteSpace(reason) ? "" : ": " + reason)}"));
            return true;
        }, ct);
        if (result.Status != UpdateStatus.Written || result.Person is null) throw new InvalidOperationException($"survey task {taskId} could not be updated ({result.Status})");
        return ToTask(result.Person)!;
    }

    /// <inheritdoc />
    public async Task<PersonView?> GetPersonAsync(string residentId, CancellationToken ct)
    {
        if (await store.ReadAsync(residentId, ct) is not { } s) return null;
        var p = s.Person;
        return new PersonView(p.Id, p.Name, p.DistrictCode, p.TownshipCode, ComparisonKey(p.Coverage),
            p.Enrollments.GroupBy(e => e.Insurance).ToDictionary(g => g.Key, g => g.First().Status), p.HukouAddress, p.ResidenceAddress, p.Phone);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ReviewItem>> ListReviewsAsync(CancellationToken ct)
    {
        var items = Sources.Reviews;
        lock (_gate)
            return Task.FromResult<IReadOnlyList<ReviewItem>>(items.Select(r => _decided.GetValueOrDefault(r.ReviewId) ?? r).OrderBy(r => r.ReviewId, StringComparer.Ordinal).ToList());
    }

    /// <inheritdoc />
    public Task<ReviewItem> DecideReviewAsync(string reviewId, string decision, string operatorId, CancellationToken ct)
    {
        lock (_gate)
        {
            var item = _decided.GetValueOrDefault(reviewId) ?? Sources.Reviews.FirstOrDefault(r => r.ReviewId == reviewId);
            if (item is null) throw new InvalidOperationException($"review {reviewId} not found");
            if (item.Decision is not null) throw new InvalidOperationException($"review {reviewId} is already decided");
            if (!ReviewItem.DecisionsFor(item.Kind).Contains(decision)) throw new InvalidOperationException($"'{decision}' is not a decision for {item.Kind}");
            var decided = item with { Decision = decision, DecidedBy = operatorId };
            _decided[reviewId] = decided;
            return Task.FromResult(decided);
        }
    }

    /// <inheritdoc />
    public async Task<Roster?> GetRosterAsync(string townshipCode, CancellationToken ct)
    {
        if (townshipCode.Length != 9) return null;
        var persons = (await DistrictPersonsAsync(townshipCode[..6], ct)).Where(p => p.Survey is not null && p.TownshipCode == townshipCode)
            .OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
        if (persons.Count == 0) return null;
        return new Roster(townshipCode, Sources.TownshipNames.GetValueOrDefault(townshipCode, townshipCode), townshipCode[..6], CurrentRound, Sources.Deadline,
            persons.Select(p => new RosterEntry(TaskId(p), p.Id, p.Name, p.Sex switch { Sex.Male => "男", Sex.Female => "女", _ => "" },
                p.BirthDate == default ? null : p.BirthDate, p.HukouAddress, p.ResidenceAddress, p.Phone, p.Coverage, p.Survey!.Reason)).ToList());
    }

    /// <summary>
    /// Progress figures of an area from its person records: registered = persons not out of scope; enrolled = paying into
    /// at least one insurance; per type = paying into that type (DESIGN step 5, coverage rate = enrolled / registered).
    /// </summary>
    public static ProgressFigures Figures(string code, string name, IReadOnlyCollection<PersonRecord> persons, SurveyFunnel funnel, int rejectedRows)
    {
        var inScope = persons.Where(p => p.Coverage != CoverageStatus.OutOfScope).ToList();
        return new ProgressFigures(code, name, inScope.Count,
            inScope.Count(p => p.Enrollments.Any(e => e.Status == "paying")),
            inScope.Count(p => p.Coverage == CoverageStatus.FullyEnrolled),
            inScope.Count(p => p.Coverage == CoverageStatus.NotEnrolled),
            InsuranceVocabulary.AllTypes.ToDictionary(t => t, t => inScope.Count(p => p.Enrollments.Any(e => e.Insurance == InsuranceVocabulary.Key(t) && e.Status == "paying"))),
            funnel, rejectedRows);
    }

    /// <summary>The survey task state of a person's survey status; null when the person has no survey task.</summary>
    public static SurveyTaskState? StateOf(PersonRecord p) => p.Survey?.Status switch
    {
        null => null,
        "visited" => SurveyTaskState.Visited,
        "entered" => SurveyTaskState.Entered,
        "reviewed" => SurveyTaskState.Reviewed,
        "confirmed" => SurveyTaskState.Confirmed,
        "sent_back" => SurveyTaskState.SentBack,
        "unreachable" => SurveyTaskState.Unreachable,
        _ => SurveyTaskState.Dispatched,
    };

    private static SurveyFunnel Funnel(IEnumerable<PersonRecord> persons)
    {
        var states = persons.Select(StateOf).OfType<SurveyTaskState>().ToList();
        int Reach(int stage) => states.Count(s => Stage(s) >= stage);
        return new SurveyFunnel(states.Count, Reach(1), Reach(2), Reach(3), Reach(4),
            states.Count(s => s == SurveyTaskState.SentBack), states.Count(s => s == SurveyTaskState.Unreachable));
    }

    private static int Stage(SurveyTaskState s) => s switch
    {
        SurveyTaskState.Dispatched => 0,
        SurveyTaskState.Visited or SurveyTaskState.Unreachable or SurveyTaskState.SentBack => 1,
        SurveyTaskState.Entered => 2,
        SurveyTaskState.Reviewed => 3,
        _ => 4,
    };

    private SurveyTask? ToTask(PersonRecord p) => StateOf(p) is { } state
        ? new SurveyTask(TaskId(p), CurrentRound, p.Id, p.Name, p.DistrictCode, p.TownshipCode, p.Survey!.Reason, state, Sources.Deadline, "")
        : null;

    /// <summary>A task id: <c>task-</c> + 16 hex characters of SHA-256 over the round and resident ID, so lists never carry the ID.</summary>
    private string TaskId(PersonRecord p)
    {
        var id = "task-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(CurrentRound + "|" + p.Id)).AsSpan(0, 8));
        lock (_gate) _taskPersons[id] = p.Id;
        return id;
    }

    private async Task<string?> PersonIdOfAsync(string taskId, CancellationToken ct)
    {
        lock (_gate) if (_taskPersons.TryGetValue(taskId, out var known)) return known;
        await ListTasksAsync(new SurveyTaskQuery(null, null, null), ct);
        lock (_gate) return _taskPersons.GetValueOrDefault(taskId);
    }

    private async Task<List<PersonRecord>> DistrictPersonsAsync(string districtCode, CancellationToken ct)
    {
        var list = new List<PersonRecord>();
        await foreach (var p in store.QueryDistrictAsync(districtCode, null, ct)) list.Add(p);
        return list;
    }

    private static string ComparisonKey(CoverageStatus s) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(s.ToString());
}
