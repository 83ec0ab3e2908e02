using System.Globalization;
using Canbao.Domain.Identifiers;
using Canbao.Domain.Persons;
using Canbao.Domain.Standard;
using Canbao.Reports.Progress;
using Canbao.Reports.Rosters;

namespace Canbao.Operator.Data;

/// <summary>
/// An in-memory <see cref="IOperatorData"/> over a small, deterministic sample city (西宁市 630100: four districts,
/// three townships each, made-up persons with valid GB 11643 IDs). Figures are computed from its persons and tasks, so
/// acting on a task moves the funnel. For tests, the dashboard's browser tests and a demo without a real store.
/// </summary>
public sealed class SampleOperatorData : IOperatorData
{
    private sealed record Person(PersonView View, CoverageStatus Coverage, Dictionary<InsuranceType, EnrollmentStatus> Enrollment);

    private static readonly (string Code, string Name, (string Code, string Name)[] Townships)[] Districts =
    [
        ("630102", "城东区", [("630102001", "东关大街街道"), ("630102002", "清真巷街道"), ("630102100", "乐家湾镇")]),
        ("630103", "城中区", [("630103001", "人民街街道"), ("630103002", "南滩街道"), ("630103100", "总寨镇")]),
        ("630104", "城西区", [("630104001", "西关大街街道"), ("630104002", "古城台街道"), ("630104100", "彭家寨镇")]),
        ("630105", "城北区", [("630105001", "朝阳街道"), ("630105002", "小桥大街街道"), ("630105003", "马坊街道")]),
    ];

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "马", "孙"];
    private static readonly string[] Given = ["浩", "芳", "强", "敏", "静", "军", "丽", "伟", "娜", "磊", "洋", "艳"];
    private static readonly SurveyTaskState[] StateCycle =
        [SurveyTaskState.Dispatched, SurveyTaskState.Visited, SurveyTaskState.Entered, SurveyTaskState.Reviewed, SurveyTaskState.Confirmed, SurveyTaskState.SentBack, SurveyTaskState.Unreachable, SurveyTaskState.Entered];

    private readonly object _gate = new();
    private readonly Dictionary<string, Person> _persons = new(StringComparer.Ordinal);
    private readonly List<SurveyTask> _tasks = [];
    private readonly List<ReviewItem> _reviews = [];
    private readonly List<DropView> _drops;
    private readonly Dictionary<string, IReadOnlyList<DropRowError>> _dropErrors;
    private readonly DateTimeOffset _start;

    /// <summary>Builds the sample city; <paramref name="now"/> anchors every timestamp.</summary>
    /// <param name="personsPerTownship">Persons per township (12 by default).</param>
    /// <param name="now">Clock anchor; defaults to 2026-11-29 09:00 +08:00.</param>
    public SampleOperatorData(int personsPerTownship = 12, DateTimeOffset? now = null)
    {
        _start = now ?? new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.FromHours(8));
        var n = 0;
        var districtIndex = 0;
        foreach (var (district, districtName, townships) in Districts)
        {
            var cycle = 6 + 2 * districtIndex++; // later districts have more fully enrolled persons: the figures differ by district
            foreach (var (township, _) in townships)
            {
                for (var i = 0; i < personsPerTownship; i++, n++)
                {
                    var birth = new DateOnly(1950, 1, 1).AddDays(n * 397 % 20000);
                    var body = district + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + (100 + n % 900).ToString("000", CultureInfo.InvariantCulture);
                    var id = body + ResidentId.ComputeCheckCharacter(body);
                    var coverage = (n % cycle) switch
                    {
                        3 => CoverageStatus.PartlyEnrolled,
                        4 => CoverageStatus.NotEnrolled,
                        5 => CoverageStatus.NeedsVerification,
                        _ => CoverageStatus.FullyEnrolled,
                    };
                    var enrollment = coverage switch
                    {
                        CoverageStatus.FullyEnrolled when n % 2 == 0 => new() { [InsuranceType.EmployeePension] = EnrollmentStatus.Paying, [InsuranceType.EmployeeMedical] = EnrollmentStatus.Paying },
                        CoverageStatus.FullyEnrolled => new() { [InsuranceType.ResidentPension] = EnrollmentStatus.Paying, [InsuranceType.ResidentMedical] = EnrollmentStatus.Paying },
                        CoverageStatus.PartlyEnrolled => new() { [InsuranceType.ResidentMedical] = EnrollmentStatus.Paying },
                        CoverageStatus.NeedsVerification => new() { [InsuranceType.EmployeeMedical] = EnrollmentStatus.Suspended },
                        _ => new Dictionary<InsuranceType, EnrollmentStatus>(),
                    };
                    var name = Surnames[n % Surnames.Length] + Given[n * 7 % Given.Length];
                    var view = new PersonView(id, name, district, township, Key(coverage),
                        enrollment.ToDictionary(kv => InsuranceVocabulary.Key(kv.Key), kv => InsuranceVocabulary.ChineseName(kv.Value)),
                        $"西宁市{districtName}示范路{n + 1}号", $"西宁市{districtName}样本街{n % 40 + 1}号", $"1380000{n:0000}");
                    _persons[id] = new Person(view, coverage, enrollment);
                    if (coverage != CoverageStatus.FullyEnrolled)
                    {
                        var reason = coverage switch
                        {
                            CoverageStatus.PartlyEnrolled => "未参齐险种",
                            CoverageStatus.NotEnrolled => "未参保",
                            _ => "信息冲突：参保状态",
                        };
                        _tasks.Add(new SurveyTask($"T-{_tasks.Count + 1:0000}", "2026-11", id, name, district, township, reason,
                            StateCycle[_tasks.Count % StateCycle.Length], new DateOnly(2026, 12, 20), ""));
                    }
                }
            }
            var first = _persons.Values.First(p => p.View.DistrictCode == district);
            var second = _persons.Values.Where(p => p.View.DistrictCode == district).Skip(1).First();
            _reviews.Add(new ReviewItem($"R-{district}-1", "possible_match", first.View.ResidentId, first.View.ResidentId[..17], district, "household_registry 第17行：身份证号缺校验位；姓名、出生日期、住址一致（权重 14.2）", null, null));
            _reviews.Add(new ReviewItem($"R-{district}-2", "conflict", second.View.ResidentId, "", district, "出生日期：公安 与 社保 不一致", null, null));
        }
        _drops =
        [
            new("enrollment-2026-11.csv", "enrollment", _start.AddHours(-20), 1520, 1500, 12, 8),
            new("household_registry-2026-11.csv", "household_registry", _start.AddHours(-22), 1200, 1195, 3, 2),
        ];
        _dropErrors = new()
        {
            ["household_registry-2026-11.csv"] =
            [
                new(14, "身份证号", "ID_CHECK_MISMATCH", "error", "校验位不符 (check character does not match)"),
                new(233, "出生日期", "DATE_IMPOSSIBLE", "error", "出生日期不存在 (2月30日)"),
                new(56, "所属街道代码", "TOWNSHIP_UNKNOWN", "warning", "乡镇街道代码不在代码表中"),
                new(57, "联系电话", "PHONE_FORMAT", "warning", "电话号码格式不正确"),
                new(900, "户籍地区划代码", "REGION_RETIRED", "warning", "区划代码已撤销 (630111 郊区, 1985)"),
            ],
            ["enrollment-2026-11.csv"] = [.. Enumerable.Range(0, 20).Select(i => i < 8
                ? new DropRowError(100 + i * 37, "社会保障号码", "ID_FORMAT", "error", "不是18位身份证号码")
                : new DropRowError(100 + i * 41, "参保地区划代码", "REGION_UNKNOWN", "warning", "区划代码不在 GB/T 2260 中"))],
        };
    }

    private static string Key(CoverageStatus s) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(s.ToString());

    /// <inheritdoc />
    public AreaView City => new("630100", "西宁市");

    /// <inheritdoc />
    public Task<IReadOnlyList<InstanceView>> ListInstancesAsync(CancellationToken ct)
    {
        lock (_gate)
        {
            var confirmed = _tasks.Count(t => t.State == SurveyTaskState.Confirmed);
            var list = new List<InstanceView>
            {
                new("campaign-2026-11", "SurveyCampaign", confirmed == _tasks.Count ? "Completed" : "Running", "2026-11", null, _start.AddHours(-18), _start, confirmed, _tasks.Count, $"{confirmed}/{_tasks.Count} 已确认"),
                new("round-2026-11", "ComparisonRound", "Completed", "2026-11", null, _start.AddHours(-19), _start.AddHours(-18), 4, 4, $"{_persons.Count} persons"),
            };
            foreach (var (code, _, _) in Districts)
            {
                var tasks = _tasks.Where(t => t.DistrictCode == code).ToList();
                var done = tasks.Count(t => t.State == SurveyTaskState.Confirmed);
                list.Add(new($"roster-2026-11-{code}", "RosterSurvey", done == tasks.Count ? "Completed" : "Running", "2026-11", code, _start.AddHours(-18), _start, done, tasks.Count, $"{done}/{tasks.Count}"));
            }
            list.AddRange(_drops.Select(d => new InstanceView("drop-" + d.DropId, "DropIngestion", "Completed", null, null, d.ReceivedAt, d.ReceivedAt.AddMinutes(2), d.RowsIn, d.RowsIn, $"{d.Accepted}/{d.Held}/{d.Rejected}")));
            list.Add(new("round-2026-10", "ComparisonRound", "Completed", "2026-10", null, _start.AddDays(-30), _start.AddDays(-30).AddHours(1), 4, 4, $"{_persons.Count} persons"));
            return Task.FromResult<IReadOnlyList<InstanceView>>([.. list.OrderByDescending(i => i.CreatedAt)]);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RoundView>> ListRoundsAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<RoundView>>(
    [
        new("2026-10", _start.AddDays(-30), "Completed", _persons.Count, 0),
        new("2026-11", _start.AddHours(-19), "Completed", _persons.Count, _tasks.Count),
    ]);

    /// <inheritdoc />
    public Task<IReadOnlyList<DropView>> ListDropsAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<DropView>>(_drops);

    /// <inheritdoc />
    public Task<IReadOnlyList<DropRowError>?> GetDropErrorsAsync(string dropId, CancellationToken ct) =>
        Task.FromResult(_dropErrors.TryGetValue(dropId, out var e) ? e : null);

    /// <inheritdoc />
    public Task<IReadOnlyList<AreaView>> ListDistrictsAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<AreaView>>([.. Districts.Select(d => new AreaView(d.Code, d.Name))]);

    /// <inheritdoc />
    public Task<IReadOnlyList<ProgressFigures>> DistrictFiguresAsync(CancellationToken ct)
    {
        lock (_gate) return Task.FromResult<IReadOnlyList<ProgressFigures>>([.. Districts.Select(d => Figures(d.Code, d.Name, p => p.View.DistrictCode == d.Code, 0))]);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ProgressFigures>> TownshipFiguresAsync(string districtCode, CancellationToken ct)
    {
        lock (_gate)
        {
            var d = Districts.FirstOrDefault(x => x.Code == districtCode);
            if (d.Code is null) return Task.FromResult<IReadOnlyList<ProgressFigures>>([]);
            return Task.FromResult<IReadOnlyList<ProgressFigures>>([.. d.Townships.Select(t => Figures(t.Code, t.Name, p => p.View.TownshipCode == t.Code, 0))]);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<(string RoundId, IReadOnlyList<ProgressFigures> Districts)>> TrendAsync(CancellationToken ct)
    {
        lock (_gate)
        {
            // Before the survey campaign (round 2026-10) every surveyed person who is enrolled now was not yet enrolled.
            IReadOnlyList<ProgressFigures> before = [.. Districts.Select(d =>
            {
                var now = Figures(d.Code, d.Name, p => p.View.DistrictCode == d.Code, 0);
                var gained = _persons.Values.Count(p => p.View.DistrictCode == d.Code && p.Coverage == CoverageStatus.PartlyEnrolled);
                return now with { Enrolled = now.Enrolled - gained, Funnel = SurveyFunnel.Empty };
            })];
            IReadOnlyList<ProgressFigures> after = [.. Districts.Select(d => Figures(d.Code, d.Name, p => p.View.DistrictCode == d.Code, 0))];
            return Task.FromResult<IReadOnlyList<(string, IReadOnlyList<ProgressFigures>)>>([("2026-10", before), ("2026-11", after)]);
        }
    }

    private ProgressFigures Figures(string code, string name, Func<Person, bool> where, int rejected)
    {
        var persons = _persons.Values.Where(where).ToList();
        var ids = persons.Select(p => p.View.ResidentId).ToHashSet();
        var tasks = _tasks.Where(t => ids.Contains(t.ResidentId)).ToList();
        static int Reach(SurveyTaskState s) => s switch
        {
            SurveyTaskState.Dispatched => 0,
            SurveyTaskState.Visited or SurveyTaskState.Unreachable => 1,
            SurveyTaskState.Entered or SurveyTaskState.SentBack => 2,
            SurveyTaskState.Reviewed => 3,
            _ => 4,
        };
        var funnel = new SurveyFunnel(tasks.Count, tasks.Count(t => Reach(t.State) >= 1), tasks.Count(t => Reach(t.State) >= 2),
            tasks.Count(t => Reach(t.State) >= 3), tasks.Count(t => Reach(t.State) >= 4),
            tasks.Count(t => t.State == SurveyTaskState.SentBack), tasks.Count(t => t.State == SurveyTaskState.Unreachable));
        return new ProgressFigures(code, name, persons.Count,
            persons.Count(p => p.Enrollment.Values.Any(s => s == EnrollmentStatus.Paying)),
            persons.Count(p => p.Coverage == CoverageStatus.FullyEnrolled), persons.Count(p => p.Coverage == CoverageStatus.NotEnrolled),
            InsuranceVocabulary.AllTypes.ToDictionary(t => t, t => persons.Count(p => p.Enrollment.TryGetValue(t, out var s) && s == EnrollmentStatus.Paying)),
            funnel, rejected);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SurveyTask>> ListTasksAsync(SurveyTaskQuery query, CancellationToken ct)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<SurveyTask>>([.. _tasks.Where(t =>
                (query.DistrictCode is null || t.DistrictCode == query.DistrictCode) &&
                (query.TownshipCode is null || t.TownshipCode == query.TownshipCode) &&
                (query.State is null || t.State == query.State))]);
        }
    }

    /// <inheritdoc />
    public Task<SurveyTask?> GetTaskAsync(string taskId, CancellationToken ct)
    {
        lock (_gate) return Task.FromResult(_tasks.FirstOrDefault(t => t.TaskId == taskId));
    }

    /// <inheritdoc />
    public Task<SurveyTask> ActOnTaskAsync(string taskId, SurveyTaskAction action, string? reason, string operatorId, CancellationToken ct)
    {
        lock (_gate)
        {
            var i = _tasks.FindIndex(t => t.TaskId == taskId);
            if (i < 0) throw new KeyNotFoundException($"no survey task '{taskId}'");
            var t = _tasks[i];
            var next = (action, t.State) switch
            {
                (SurveyTaskAction.Submit, SurveyTaskState.Dispatched or SurveyTaskState.Visited or SurveyTaskState.SentBack) => t with { State = SurveyTaskState.Entered, Note = "" },
                (SurveyTaskAction.Approve, SurveyTaskState.Entered or SurveyTaskState.Reviewed) => t with { State = SurveyTaskState.Confirmed, Note = "" },
                (SurveyTaskAction.SendBack, SurveyTaskState.Entered or SurveyTaskState.Reviewed) => t with { State = SurveyTaskState.SentBack, Note = reason ?? "" },
                _ => throw new InvalidOperationException($"cannot {action} a task that is {t.State}"),
            };
            _tasks[i] = next;
            return Task.FromResult(next);
        }
    }

    /// <inheritdoc />
    public Task<PersonView?> GetPersonAsync(string residentId, CancellationToken ct)
    {
        lock (_gate) return Task.FromResult(_persons.TryGetValue(residentId, out var p) ? p.View : null);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ReviewItem>> ListReviewsAsync(CancellationToken ct)
    {
        lock (_gate) return Task.FromResult<IReadOnlyList<ReviewItem>>([.. _reviews]);
    }

    /// <inheritdoc />
    public Task<ReviewItem> DecideReviewAsync(string reviewId, string decision, string operatorId, CancellationToken ct)
    {
        lock (_gate)
        {
            var i = _reviews.FindIndex(r => r.ReviewId == reviewId);
            if (i < 0) throw new KeyNotFoundException($"no review item '{reviewId}'");
            if (_reviews[i].Decision is not null) throw new InvalidOperationException($"review item '{reviewId}' is already decided");
            _reviews[i] = _reviews[i] with { Decision = decision, DecidedBy = operatorId };
            return Task.FromResult(_reviews[i]);
        }
    }

    /// <inheritdoc />
    public Task<Roster?> GetRosterAsync(string townshipCode, CancellationToken ct)
    {
        lock (_gate)
        {
            var d = Districts.FirstOrDefault(x => x.Townships.Any(t => t.Code == townshipCode));
            if (d.Code is null) return Task.FromResult<Roster?>(null);
            var open = _tasks.Where(t => t.TownshipCode == townshipCode && t.State is SurveyTaskState.Dispatched or SurveyTaskState.Visited or SurveyTaskState.SentBack);
            var entries = open.Select(t =>
            {
                var p = _persons[t.ResidentId];
                var id = ResidentId.FromCanonical(t.ResidentId);
                return new RosterEntry(t.TaskId, t.ResidentId, t.Name, id.Sex == Sex.Male ? "男" : "女", id.BirthDate, p.View.HukouAddress,
                    p.View.ResidenceAddress, p.View.Phone, p.Coverage, t.Reason);
            }).ToList();
            return Task.FromResult<Roster?>(new Roster(townshipCode, d.Townships.First(t => t.Code == townshipCode).Name, d.Code, "2026-11", new DateOnly(2026, 12, 20), entries));
        }
    }
}
