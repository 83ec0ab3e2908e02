using Canbao.Operator.Data;
using Canbao.Reports.Rosters;
using MiniExcelLibs;

namespace Canbao.Operator.Tests;

public class ApiWorkTests
{
    [Fact]
    public async Task Approve_send_back_and_submit_move_the_task_and_the_funnel_and_are_audited()
    {
        await using var api = await TestApi.StartAsync();
        var entered = (await api.Data.ListTasksAsync(new("630102", null, SurveyTaskState.Entered), default)).ToList();
        Assert.True(entered.Count >= 2);
        var before = await api.GetAsync("/api/districts/630102", api.DistrictToken);
        var confirmedBefore = before.Json.GetProperty("district").GetProperty("funnel").GetProperty("confirmed").GetInt32();

        var ok = await api.SendAsync(HttpMethod.Post, $"/api/tasks/{entered[0].TaskId}/approve", api.DistrictToken);
        Assert.Equal(200, ok.Status);
        Assert.Equal("confirmed", ok.Json.GetProperty("state").GetString());
        var after = await api.GetAsync("/api/districts/630102", api.DistrictToken);
        Assert.Equal(confirmedBefore + 1, after.Json.GetProperty("district").GetProperty("funnel").GetProperty("confirmed").GetInt32());

        Assert.Equal(400, (await api.SendAsync(HttpMethod.Post, $"/api/tasks/{entered[1].TaskId}/send-back", api.DistrictToken)).Status);
        var back = await api.SendAsync(HttpMethod.Post, $"/api/tasks/{entered[1].TaskId}/send-back", api.DistrictToken, new { reason = "电话号码与户籍不符" });
        Assert.Equal(("sent_back", "电话号码与户籍不符"), (back.Json.GetProperty("state").GetString(), back.Json.GetProperty("note").GetString()));
        var again = await api.SendAsync(HttpMethod.Post, $"/api/tasks/{entered[1].TaskId}/submit", api.DistrictToken);
        Assert.Equal("entered", again.Json.GetProperty("state").GetString());

        var conflict = await api.SendAsync(HttpMethod.Post, $"/api/tasks/{entered[0].TaskId}/approve", api.DistrictToken);
        Assert.Equal(409, conflict.Status);
        Assert.Equal("application/problem+json", conflict.ContentType);

        Assert.Equal(new[] { "task.approve", "task.send_back", "task.submit" }, api.Audit.Entries.Select(e => e.Action));
        Assert.Equal("Entered -> Confirmed", api.Audit.Entries[0].Detail);
    }

    [Fact]
    public async Task Review_decisions_are_checked_recorded_and_audited_once()
    {
        await using var api = await TestApi.StartAsync();
        Assert.Equal(400, (await api.SendAsync(HttpMethod.Post, "/api/reviews/R-630102-1/decision", api.DistrictToken, new { decision = "merge" })).Status);
        var ok = await api.SendAsync(HttpMethod.Post, "/api/reviews/R-630102-1/decision", api.DistrictToken, new { decision = "link" });
        Assert.Equal(200, ok.Status);
        Assert.Equal(("link", "chengdong-op"), (ok.Json.GetProperty("decision").GetString(), ok.Json.GetProperty("decided_by").GetString()));
        Assert.Equal(409, (await api.SendAsync(HttpMethod.Post, "/api/reviews/R-630102-1/decision", api.DistrictToken, new { decision = "link" })).Status);
        var e = Assert.Single(api.Audit.Entries);
        Assert.Equal(("review.decide", "R-630102-1 possible_match: link"), (e.Action, e.Detail));
        Assert.StartsWith("person:630102***", e.Target);
    }

    [Fact]
    public async Task Roster_download_is_the_townships_open_tasks_and_reads_back_as_a_roster()
    {
        await using var api = await TestApi.StartAsync();
        var open = (await api.Data.ListTasksAsync(new(null, "630102001", null), default))
            .Where(t => t.State is SurveyTaskState.Dispatched or SurveyTaskState.Visited or SurveyTaskState.SentBack).Select(t => t.TaskId).ToList();
        Assert.NotEmpty(open);
        var bytes = await api.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/rosters/630102001.xlsx") { Headers = { Authorization = new("Bearer", api.DistrictToken) } });
        Assert.Equal(200, (int)bytes.StatusCode);
        Assert.Equal("roster-630102001-2026-11.xlsx", bytes.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        using var ms = new MemoryStream(await bytes.Content.ReadAsByteArrayAsync());
        var rows = ms.Query(useHeaderRow: true, sheetName: RosterWriter.RosterSheet).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(open, rows.Select(r => (string)r["任务编号"]));
        ms.Position = 0;
        var read = SurveyResultReader.Read(ms, new DateOnly(2026, 11, 29));
        Assert.Equal(open.Count, read.Unfilled.Count);
        Assert.Equal("roster.download", Assert.Single(api.Audit.Entries).Action);
    }

    [Fact]
    public async Task Monthly_report_downloads_for_the_city_and_a_district()
    {
        await using var api = await TestApi.StartAsync();
        using var req = new HttpRequestMessage(HttpMethod.Get, "/api/reports/monthly.xlsx?month=2026-11") { Headers = { Authorization = new("Bearer", api.CityToken) } };
        using var res = await api.Http.SendAsync(req);
        using var ms = new MemoryStream(await res.Content.ReadAsByteArrayAsync());
        var rows = ms.Query(useHeaderRow: true, sheetName: "进度").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(5, rows.Count);
        Assert.Equal("西宁市合计", rows[4]["区县"]);
        Assert.Equal(144, Convert.ToInt32(rows[4]["登记人数"]));

        using var req2 = new HttpRequestMessage(HttpMethod.Get, "/api/reports/monthly.png") { Headers = { Authorization = new("Bearer", api.DistrictToken) } };
        using var res2 = await api.Http.SendAsync(req2);
        Assert.Equal("image/png", res2.Content.Headers.ContentType?.MediaType);
        Assert.Equal("progress-630102-", res2.Content.Headers.ContentDisposition?.FileName?.Trim('"')[..16]);
        Assert.Equal(400, (await api.GetAsync("/api/reports/monthly.xlsx?month=11-2026", api.CityToken)).Status);
    }

    [Fact]
    public async Task Drops_show_counts_and_row_errors()
    {
        await using var api = await TestApi.StartAsync();
        var drops = await api.GetAsync("/api/drops", api.DistrictToken);
        var hr = drops.Json.EnumerateArray().Single(d => d.GetProperty("feed").GetString() == "household_registry");
        Assert.Equal(hr.GetProperty("rows_in").GetInt32(), hr.GetProperty("accepted").GetInt32() + hr.GetProperty("held").GetInt32() + hr.GetProperty("rejected").GetInt32());
        var errors = await api.GetAsync($"/api/drops/{hr.GetProperty("drop_id").GetString()}/errors", api.DistrictToken);
        Assert.Equal(hr.GetProperty("rejected").GetInt32(), errors.Json.EnumerateArray().Count(e => e.GetProperty("severity").GetString() == "error"));
        Assert.Equal(404, (await api.GetAsync("/api/drops/nope.csv/errors", api.DistrictToken)).Status);
    }
}
