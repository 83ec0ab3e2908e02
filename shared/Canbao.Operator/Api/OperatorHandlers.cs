using Canbao.Domain.Identifiers;
using Canbao.Domain.Standard;
using Canbao.Operator.Audit;
using Canbao.Operator.Auth;
using Canbao.Operator.Data;
using Canbao.Reports.Progress;
using Canbao.Reports.Rosters;

namespace Canbao.Operator.Api;

/// <summary>Figures of one area as the API returns them (coverage by insurance type, survey funnel).</summary>
/// <param name="Code">District or township code.</param>
/// <param name="Name">Name.</param>
/// <param name="Registered">登记人数.</param>
/// <param name="Enrolled">参保人数 (paying into at least one insurance).</param>
/// <param name="CoverageRate">Enrolled / registered, 0–1, rounded to 4 decimals.</param>
/// <param name="FullyEnrolled">Fully enrolled.</param>
/// <param name="NotEnrolled">Not enrolled.</param>
/// <param name="EnrolledByType">Insurance key (<c>employee_pension</c> …) → persons paying.</param>
/// <param name="Funnel">Survey funnel.</param>
public sealed record AreaFigures(string Code, string Name, int Registered, int Enrolled, double CoverageRate, int FullyEnrolled, int NotEnrolled,
    IReadOnlyDictionary<string, int> EnrolledByType, SurveyFunnel Funnel)
{
    /// <summary>From report figures.</summary>
    public static AreaFigures From(ProgressFigures f) => new(f.Code, f.Name, f.Registered, f.Enrolled, Math.Round(f.CoverageRate, 4), f.FullyEnrolled, f.NotEnrolled,
        InsuranceVocabulary.AllTypes.ToDictionary(InsuranceVocabulary.Key, f.EnrolledIn), f.Funnel);
}

/// <summary>
/// The operator API's handlers, host-neutral: each takes the authenticated operator and plain arguments and returns an
/// <see cref="ApiResult"/>. Scope: a district operator gets 403 for another district's persons, tasks, reviews, rosters
/// and reports. Audit: every person read, task action, review decision and roster/report download is appended to the
/// audit log before the answer. Lists mask resident IDs and names; <see cref="GetPersonAsync"/> and
/// <see cref="GetTaskPersonAsync"/> open the person in full.
/// </summary>
/// <param name="data">The data port.</param>
/// <param name="audit">The audit log.</param>
/// <param name="clock">Clock for audit entries and report dates.</param>
public sealed class OperatorHandlers(IOperatorData data, IAuditLog audit, TimeProvider clock)
{
    /// <summary>GET /api/me.</summary>
    public ApiResult Me(OperatorPrincipal who) => ApiResult.Ok(new { who.Id, who.Name, who.Scope, district_code = who.DistrictCode, city = data.City });

    /// <summary>GET /api/instances: orchestration instances (district operators see city-wide ones and their district's).</summary>
    public async Task<ApiResult> ListInstancesAsync(OperatorPrincipal who, CancellationToken ct) =>
        ApiResult.Ok((await data.ListInstancesAsync(ct)).Where(i => i.DistrictCode is null || who.Covers(i.DistrictCode)).ToList());

    /// <summary>GET /api/instances/{id}.</summary>
    public async Task<ApiResult> GetInstanceAsync(OperatorPrincipal who, string id, CancellationToken ct)
    {
        var i = (await data.ListInstancesAsync(ct)).FirstOrDefault(x => x.InstanceId == id);
        if (i is null) return ApiResult.NotFound($"no orchestration instance '{id}'");
        return i.DistrictCode is not null && !who.Covers(i.DistrictCode) ? ApiResult.Forbidden($"instance '{id}' belongs to district {i.DistrictCode}") : ApiResult.Ok(i);
    }

    /// <summary>GET /api/rounds.</summary>
    public async Task<ApiResult> ListRoundsAsync(CancellationToken ct) => ApiResult.Ok(await data.ListRoundsAsync(ct));

    /// <summary>GET /api/drops.</summary>
    public async Task<ApiResult> ListDropsAsync(CancellationToken ct) => ApiResult.Ok(await data.ListDropsAsync(ct));

    /// <summary>GET /api/drops/{id}/errors.</summary>
    public async Task<ApiResult> GetDropErrorsAsync(string dropId, CancellationToken ct) =>
        await data.GetDropErrorsAsync(dropId, ct) is { } e ? ApiResult.Ok(e) : ApiResult.NotFound($"no drop '{dropId}'");

    /// <summary>GET /api/districts: figures per district in the operator's scope.</summary>
    public async Task<ApiResult> ListDistrictsAsync(OperatorPrincipal who, CancellationToken ct) =>
        ApiResult.Ok((await data.DistrictFiguresAsync(ct)).Where(f => who.Covers(f.Code)).Select(AreaFigures.From).ToList());

    /// <summary>GET /api/districts/{code}: the district's figures and its townships'.</summary>
    public async Task<ApiResult> GetDistrictAsync(OperatorPrincipal who, string code, CancellationToken ct)
    {
        if (!who.Covers(code)) return ApiResult.Forbidden($"district {code} is outside your scope ({who.Scope})");
        var d = (await data.DistrictFiguresAsync(ct)).FirstOrDefault(f => f.Code == code);
        if (d is null) return ApiResult.NotFound($"no district {code}");
        var townships = await data.TownshipFiguresAsync(code, ct);
        return ApiResult.Ok(new { district = AreaFigures.From(d), townships = townships.Select(AreaFigures.From).ToList() });
    }

    /// <summary>GET /api/trend: coverage rate per district after each round (scope-filtered).</summary>
    public async Task<ApiResult> TrendAsync(OperatorPrincipal who, CancellationToken ct) =>
        ApiResult.Ok((await data.TrendAsync(ct)).Select(r => new
        {
            round_id = r.RoundId,
            districts = r.Districts.Where(f => who.Covers(f.Code)).Select(f => new { f.Code, f.Name, coverage_rate = Math.Round(f.CoverageRate, 4) }).ToList(),
        }).ToList());

    /// <summary>GET /api/tasks?district=&amp;township=&amp;state=: masked list; a district operator sees only the district.</summary>
    public async Task<ApiResult> ListTasksAsync(OperatorPrincipal who, string? district, string? township, string? state, CancellationToken ct)
    {
        if (district is not null && !who.Covers(district)) return ApiResult.Forbidden($"district {district} is outside your scope ({who.Scope})");
        if (township is not null && (township.Length != 9 || !who.Covers(township[..6]))) return ApiResult.Forbidden($"township {township} is outside your scope ({who.Scope})");
        SurveyTaskState? s = null;
        if (state is not null)
        {
            if (!Enum.TryParse<SurveyTaskState>(state.Replace("_", ""), true, out var parsed) || int.TryParse(state, out _))
                return ApiResult.BadRequest($"state: one of {string.Join(", ", Enum.GetNames<SurveyTaskState>().Select(n => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(n)))}");
            s = parsed;
        }
        var tasks = await data.ListTasksAsync(new SurveyTaskQuery(district ?? who.DistrictCode, township, s), ct);
        return ApiResult.Ok(tasks.Where(t => who.Covers(t.DistrictCode)).Select(t => t.Masked()).ToList());
    }

    /// <summary>GET /api/tasks/{id}: one task, masked.</summary>
    public async Task<ApiResult> GetTaskAsync(OperatorPrincipal who, string id, CancellationToken ct)
    {
        var (task, error) = await TaskInScopeAsync(who, id, ct);
        return error ?? ApiResult.Ok(task!.Masked());
    }

    /// <summary>GET /api/tasks/{id}/person: opens the task's person in full (audited).</summary>
    public async Task<ApiResult> GetTaskPersonAsync(OperatorPrincipal who, string id, CancellationToken ct)
    {
        var (task, error) = await TaskInScopeAsync(who, id, ct);
        return error ?? await GetPersonAsync(who, task!.ResidentId, ct);
    }

    /// <summary>POST /api/tasks/{id}/submit | approve | send-back (audited). Send-back needs a reason.</summary>
    public async Task<ApiResult> ActOnTaskAsync(OperatorPrincipal who, string id, SurveyTaskAction action, string? reason, CancellationToken ct)
    {
        var (task, error) = await TaskInScopeAsync(who, id, ct);
        if (error is not null) return error;
        if (action == SurveyTaskAction.SendBack && string.IsNullOrWhiteSpace(reason)) return ApiResult.BadRequest("reason: required to send a result back");
        try
        {
            var after = await data.ActOnTaskAsync(id, action, reason, who.Id, ct);
            await audit.AppendAsync(AuditEntry.About(clock.GetUtcNow(), who, "task." + Snake(action.ToString()), "task", id, $"{task!.State} -> {after.State}"), ct);
            return ApiResult.Ok(after.Masked());
        }
        catch (InvalidOperationException e) { return ApiResult.Conflict(e.Message); }
    }

    /// <summary>GET /api/persons/{residentId}: the full person record (audited); 403 outside the scope.</summary>
    public async Task<ApiResult> GetPersonAsync(OperatorPrincipal who, string residentId, CancellationToken ct)
    {
        var parsed = ResidentIdParser.Parse(residentId, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        if (!parsed.IsValid) return ApiResult.BadRequest($"resident ID {ResidentId.Mask(residentId)} is not valid ({parsed.Errors.FirstOrDefault()?.Code})");
        var id = parsed.Id!.Value.Value;
        var person = await data.GetPersonAsync(id, ct);
        if (person is null) return ApiResult.NotFound($"no person {ResidentId.Mask(id)}");
        if (!who.Covers(person.DistrictCode))
        {
            await audit.AppendAsync(AuditEntry.AboutPerson(clock.GetUtcNow(), who, "person.read", id, "denied: out of scope"), ct);
            return ApiResult.Forbidden($"person {ResidentId.Mask(id)} lives in district {person.DistrictCode}, outside your scope ({who.Scope})");
        }
        await audit.AppendAsync(AuditEntry.AboutPerson(clock.GetUtcNow(), who, "person.read", id, "opened"), ct);
        return ApiResult.Ok(person);
    }

    /// <summary>GET /api/reviews: possible matches and conflicts in scope, IDs masked.</summary>
    public async Task<ApiResult> ListReviewsAsync(OperatorPrincipal who, CancellationToken ct) =>
        ApiResult.Ok((await data.ListReviewsAsync(ct)).Where(r => who.Covers(r.DistrictCode))
            .Select(r => new { item = r.Masked(), decisions = ReviewItem.DecisionsFor(r.Kind) }).ToList());

    /// <summary>POST /api/reviews/{id}/decision {"decision": …} (audited).</summary>
    public async Task<ApiResult> DecideReviewAsync(OperatorPrincipal who, string id, string? decision, CancellationToken ct)
    {
        var item = (await data.ListReviewsAsync(ct)).FirstOrDefault(r => r.ReviewId == id);
        if (item is null) return ApiResult.NotFound($"no review item '{id}'");
        if (!who.Covers(item.DistrictCode)) return ApiResult.Forbidden($"review item '{id}' belongs to district {item.DistrictCode}");
        var allowed = ReviewItem.DecisionsFor(item.Kind);
        if (decision is null || !allowed.Contains(decision)) return ApiResult.BadRequest($"decision: one of {string.Join(", ", allowed)} for a {item.Kind}");
        try
        {
            var after = await data.DecideReviewAsync(id, decision, who.Id, ct);
            await audit.AppendAsync(AuditEntry.AboutPerson(clock.GetUtcNow(), who, "review.decide", item.PersonId, $"{id} {item.Kind}: {decision}"), ct);
            return ApiResult.Ok(after.Masked());
        }
        catch (InvalidOperationException e) { return ApiResult.Conflict(e.Message); }
    }

    /// <summary>GET /api/rosters/{township}.xlsx|.csv: the township's roster (full IDs: audited).</summary>
    public async Task<ApiResult> GetRosterAsync(OperatorPrincipal who, string township, string format, CancellationToken ct)
    {
        if (format is not ("xlsx" or "csv")) return ApiResult.BadRequest("format: xlsx or csv");
        if (township.Length != 9 || !township.All(char.IsAsciiDigit)) return ApiResult.BadRequest("township: 9 digits");
        if (!who.Covers(township[..6])) return ApiResult.Forbidden($"township {township} is outside your scope ({who.Scope})");
        var roster = await data.GetRosterAsync(township, ct);
        if (roster is null) return ApiResult.NotFound($"no roster for township {township}");
        using var ms = new MemoryStream();
        if (format == "xlsx") RosterWriter.WriteXlsx(ms, roster); else RosterWriter.WriteCsv(ms, roster);
        await audit.AppendAsync(AuditEntry.About(clock.GetUtcNow(), who, "roster.download", "roster", township, $"{format}, {roster.Entries.Count} persons"), ct);
        return ApiResult.FileResult(ms.ToArray(), format == "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8",
            $"roster-{township}-{roster.CampaignId}.{format}");
    }

    /// <summary>GET /api/reports/monthly.xlsx|.png?month=yyyy-MM&amp;district=: the monthly progress report (city needs city scope).</summary>
    public async Task<ApiResult> GetMonthlyReportAsync(OperatorPrincipal who, string? month, string? district, string format, CancellationToken ct)
    {
        if (format is not ("xlsx" or "png")) return ApiResult.BadRequest("format: xlsx or png");
        var now = clock.GetUtcNow();
        var m = new DateOnly(now.Year, now.Month, 1);
        if (month is not null && !DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", out m)) return ApiResult.BadRequest("month: yyyy-MM");
        district ??= who.DistrictCode;
        MonthlyReport report;
        if (district is null)
        {
            report = new MonthlyReport(m, data.City.Code, data.City.Name, true, await data.DistrictFiguresAsync(ct), now);
        }
        else
        {
            if (!who.Covers(district)) return ApiResult.Forbidden($"district {district} is outside your scope ({who.Scope})");
            var d = (await data.ListDistrictsAsync(ct)).FirstOrDefault(x => x.Code == district);
            if (d is null) return ApiResult.NotFound($"no district {district}");
            report = new MonthlyReport(m, d.Code, d.Name, false, await data.TownshipFiguresAsync(district, ct), now);
        }
        var name = $"progress-{report.ScopeCode}-{m:yyyy-MM}.{format}";
        await audit.AppendAsync(AuditEntry.About(now, who, "report.download", "report", name, format), ct);
        if (format == "png") return ApiResult.FileResult(ProgressChart.RenderPng(report), "image/png", name);
        using var ms = new MemoryStream();
        MonthlyReportWriter.WriteXlsx(ms, report);
        return ApiResult.FileResult(ms.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
    }

    /// <summary>GET /api/audit?take=: latest audit entries (city operators only).</summary>
    public async Task<ApiResult> AuditAsync(OperatorPrincipal who, int take, CancellationToken ct) =>
        who.IsCity ? ApiResult.Ok(await audit.LatestAsync(Math.Clamp(take, 1, 1000), ct)) : ApiResult.Forbidden("the audit log is for city operators");

    private async Task<(SurveyTask? Task, ApiResult? Error)> TaskInScopeAsync(OperatorPrincipal who, string id, CancellationToken ct)
    {
        var task = await data.GetTaskAsync(id, ct);
        if (task is null) return (null, ApiResult.NotFound($"no survey task '{id}'"));
        return who.Covers(task.DistrictCode) ? (task, null) : (null, ApiResult.Forbidden($"task '{id}' belongs to district {task.DistrictCode}, outside your scope ({who.Scope})"));
    }

    private static string Snake(string s) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(s);
}
