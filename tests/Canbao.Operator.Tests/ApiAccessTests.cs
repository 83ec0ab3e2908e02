using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Canbao.Operator.Auth;

namespace Canbao.Operator.Tests;

public sealed class SharedApi : IAsyncLifetime
{
    public TestApi Api { get; private set; } = null!;
    public async Task InitializeAsync() => Api = await TestApi.StartAsync();
    public async Task DisposeAsync() => await Api.DisposeAsync();
}

/// <summary>Read-only checks that share one running API.</summary>
public class ApiUnauthenticatedTests(SharedApi server) : IClassFixture<SharedApi>
{
    [Theory]
    [InlineData("/api/me")]
    [InlineData("/api/instances")]
    [InlineData("/api/districts")]
    [InlineData("/api/tasks")]
    [InlineData("/api/persons/630102195001010016")]
    [InlineData("/api/rosters/630102001.xlsx")]
    [InlineData("/api/reports/monthly.xlsx")]
    [InlineData("/api/audit")]
    public async Task Every_api_route_without_credentials_is_401_problem_details(string path)
    {
        var api = server.Api;
        var (status, json, type) = await api.GetAsync(path, null);
        Assert.Equal(401, status);
        Assert.Equal("application/problem+json", type);
        Assert.Equal(401, json.GetProperty("status").GetInt32());
        Assert.Equal("/problems/unauthenticated", json.GetProperty("type").GetString());
        Assert.Equal(path.Split('?')[0], json.GetProperty("instance").GetString());
    }

}

public class ApiAccessTests
{
    [Fact]
    public async Task A_token_this_host_did_not_issue_is_401_and_app_service_header_is_ignored_unless_trusted()
    {
        await using var api = await TestApi.StartAsync();
        Assert.Equal(401, (await api.GetAsync("/api/me", "not-a-token")).Status);
        var header = Principal(("roles", "canbao.city"), ("name", "someone"));
        var (status, _, _) = await api.SendAsync(HttpMethod.Get, "/api/me", null, edit: r => r.Headers.Add(AppServicePrincipal.Header, header));
        Assert.Equal(401, status);
    }

    [Fact]
    public async Task App_service_principal_carries_the_district_scope_from_its_role()
    {
        await using var api = await TestApi.StartAsync(trustAppService: true);
        var header = Principal(("http://schemas.microsoft.com/identity/claims/objectidentifier", "oid-42"), ("name", "李敏"), ("roles", "canbao.district.630103"));
        var me = await api.SendAsync(HttpMethod.Get, "/api/me", null, edit: r => r.Headers.Add(AppServicePrincipal.Header, header));
        Assert.Equal(200, me.Status);
        Assert.Equal("oid-42", me.Json.GetProperty("id").GetString());
        Assert.Equal("district:630103", me.Json.GetProperty("scope").GetString());
        var other = await api.SendAsync(HttpMethod.Get, "/api/districts/630102", null, edit: r => r.Headers.Add(AppServicePrincipal.Header, header));
        Assert.Equal(403, other.Status);
        var noRole = await api.SendAsync(HttpMethod.Get, "/api/me", null, edit: r => r.Headers.Add(AppServicePrincipal.Header, Principal(("name", "x"))));
        Assert.Equal(401, noRole.Status);
        var garbage = await api.SendAsync(HttpMethod.Get, "/api/me", null, edit: r => r.Headers.Add(AppServicePrincipal.Header, "%%%"));
        Assert.Equal(401, garbage.Status);
    }

    internal static string Principal(params (string Typ, string Val)[] claims) => Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
    {
        auth_typ = "aad", name_typ = "name", role_typ = "roles",
        claims = claims.Select(c => new { typ = c.Typ, val = c.Val }),
    })));

    [Fact]
    public async Task A_district_operator_sees_only_the_district()
    {
        await using var api = await TestApi.StartAsync();
        var city = await api.GetAsync("/api/districts", api.CityToken);
        Assert.Equal(new[] { "630102", "630103", "630104", "630105" }, city.Json.EnumerateArray().Select(d => d.GetProperty("code").GetString()));
        Assert.Equal(144, city.Json.EnumerateArray().Sum(d => d.GetProperty("registered").GetInt32()));
        var mine = await api.GetAsync("/api/districts", api.DistrictToken);
        Assert.Equal("630102", Assert.Single(mine.Json.EnumerateArray().ToList()).GetProperty("code").GetString());

        Assert.Equal(403, (await api.GetAsync("/api/districts/630103", api.DistrictToken)).Status);
        Assert.Equal(200, (await api.GetAsync("/api/districts/630102", api.DistrictToken)).Status);
        Assert.Equal(403, (await api.GetAsync("/api/tasks?district=630103", api.DistrictToken)).Status);
        Assert.Equal(403, (await api.GetAsync("/api/tasks?township=630104001", api.DistrictToken)).Status);
        Assert.Equal(403, (await api.GetAsync("/api/rosters/630103001.csv", api.DistrictToken)).Status);
        Assert.Equal(403, (await api.GetAsync("/api/reports/monthly.xlsx?district=630105", api.DistrictToken)).Status);
        Assert.Equal(403, (await api.GetAsync("/api/audit", api.DistrictToken)).Status);

        var tasks = await api.GetAsync("/api/tasks", api.DistrictToken);
        Assert.NotEmpty(tasks.Json.EnumerateArray());
        Assert.All(tasks.Json.EnumerateArray(), t => Assert.Equal("630102", t.GetProperty("district_code").GetString()));
        var reviews = await api.GetAsync("/api/reviews", api.DistrictToken);
        Assert.All(reviews.Json.EnumerateArray(), r => Assert.Equal("630102", r.GetProperty("item").GetProperty("district_code").GetString()));
    }

    [Fact]
    public async Task A_district_operator_cannot_read_or_act_on_another_districts_persons_tasks_and_reviews()
    {
        await using var api = await TestApi.StartAsync();
        var other = (await api.Data.ListTasksAsync(new(null, null, Data.SurveyTaskState.Entered), default)).First(t => t.DistrictCode == "630103");
        Assert.Equal(403, (await api.GetAsync($"/api/tasks/{other.TaskId}", api.DistrictToken)).Status);
        Assert.Equal(403, (await api.GetAsync($"/api/tasks/{other.TaskId}/person", api.DistrictToken)).Status);
        Assert.Equal(403, (await api.GetAsync($"/api/persons/{other.ResidentId}", api.DistrictToken)).Status);
        var act = await api.SendAsync(HttpMethod.Post, $"/api/tasks/{other.TaskId}/approve", api.DistrictToken);
        Assert.Equal(403, act.Status);
        Assert.Equal(Data.SurveyTaskState.Entered, (await api.Data.GetTaskAsync(other.TaskId, default))!.State);
        Assert.Equal(403, (await api.SendAsync(HttpMethod.Post, "/api/reviews/R-630103-1/decision", api.DistrictToken, new { decision = "link" })).Status);
        Assert.Null((await api.Data.ListReviewsAsync(default)).Single(r => r.ReviewId == "R-630103-1").Decision);

        // The denied person read is audited too, with the ID masked.
        var denied = Assert.Single(api.Audit.Entries);
        Assert.Equal(("chengdong-op", "person.read", "denied: out of scope"), (denied.OperatorId, denied.Action, denied.Detail));
        Assert.Equal("person:" + Domain.Identifiers.ResidentId.Mask(other.ResidentId), denied.Target);
    }

    [Fact]
    public async Task Lists_mask_ids_and_names_opening_the_person_shows_them_and_is_audited()
    {
        await using var api = await TestApi.StartAsync();
        var tasks = await api.GetAsync("/api/tasks?district=630102", api.CityToken);
        var first = tasks.Json.EnumerateArray().First();
        var masked = first.GetProperty("resident_id").GetString()!;
        Assert.Matches(new Regex(@"^630102\*{11}[0-9X]$"), masked);
        Assert.Matches(new Regex(@"^\p{IsCJKUnifiedIdeographs}\*+$"), first.GetProperty("name").GetString()!);
        var id = first.GetProperty("task_id").GetString()!;
        var full = (await api.Data.GetTaskAsync(id, default))!;

        var person = await api.GetAsync($"/api/tasks/{id}/person", api.CityToken);
        Assert.Equal(200, person.Status);
        Assert.Equal(full.ResidentId, person.Json.GetProperty("resident_id").GetString());
        Assert.Equal(full.Name, person.Json.GetProperty("name").GetString());

        var entry = Assert.Single(api.Audit.Entries);
        Assert.Equal(("city-admin", "city", "person.read", "opened"), (entry.OperatorId, entry.Scope, entry.Action, entry.Detail));
        Assert.Equal("person:" + masked, entry.Target);
        Assert.Equal(Audit.AuditEntry.HashOf(full.ResidentId), entry.TargetHash);

        var audit = await api.GetAsync("/api/audit", api.CityToken);
        Assert.DoesNotContain(full.ResidentId, audit.Json.GetRawText());
        Assert.Equal("person.read", audit.Json[0].GetProperty("action").GetString());
    }

    [Fact]
    public async Task Bad_resident_id_and_unknown_things_are_problem_details()
    {
        await using var api = await TestApi.StartAsync();
        var bad = await api.GetAsync("/api/persons/630102195001010017", api.CityToken);
        Assert.Equal(400, bad.Status);
        Assert.Contains("ID_CHECK", bad.Json.GetProperty("detail").GetString());
        Assert.DoesNotContain("630102195001010017", bad.Json.GetProperty("detail").GetString());
        Assert.Equal(404, (await api.GetAsync("/api/tasks/T-9999", api.CityToken)).Status);
        Assert.Equal(404, (await api.GetAsync("/api/nothing-here", api.CityToken)).Status);
        Assert.Equal(400, (await api.GetAsync("/api/tasks?state=flying", api.CityToken)).Status);
    }
}
