using System.Text.Json;
using Microsoft.Playwright;

namespace Canbao.Operator.Tests;

/// <summary>
/// Drives the dashboard in Debian's chromium (/usr/bin/chromium, installed by tests/setup.d/40-chromium.sh) against a
/// running API over the sample city and checks what it shows against the API's numbers. Fails loudly when chromium is missing.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";
    private IPlaywright? _pw;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run tests/setup.d/40-chromium.sh (apt-get install chromium fonts-wqy-microhei)");
        _pw = await Playwright.CreateAsync();
        Browser = await _pw.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-extensions", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _pw?.Dispose();
    }
}

public class DashboardBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static string Pct(double rate) => (rate * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%";

    [Fact]
    public async Task City_operator_drills_into_a_district_and_a_task_and_sees_the_apis_numbers()
    {
        await using var api = await TestApi.StartAsync();
        await using var context = await chromium.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 1500 }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(api.Server.BaseUrl, "dashboard/#token=" + api.CityToken).ToString());

        // Coverage by district: every rate shown equals the API's.
        await page.Locator("#districts tbody tr").Nth(3).WaitForAsync();
        var districts = (await api.GetAsync("/api/districts", api.CityToken)).Json;
        Assert.Equal(4, await page.Locator("#districts tbody tr").CountAsync());
        foreach (var d in districts.EnumerateArray())
            Assert.Equal(Pct(d.GetProperty("coverage_rate").GetDouble()), await page.GetByTestId("rate-" + d.GetProperty("code").GetString()).InnerTextAsync());
        Assert.Equal(4, await page.Locator("#coverage-chart rect.bar").CountAsync());
        Assert.Equal(4, await page.Locator("#trend-chart polyline").CountAsync());

        // The instance list refreshes on its own (every 5 s).
        await page.WaitForFunctionAsync("() => Number(document.querySelector('#refreshed').dataset.count) >= 2", null, new() { Timeout = 15000 });
        var instances = (await api.GetAsync("/api/instances", api.CityToken)).Json;
        Assert.Equal(instances.GetArrayLength(), await page.Locator("#instances tbody tr").CountAsync());

        // Drill into 城东区.
        await page.Locator("#districts tbody tr[data-code='630102']").ClickAsync();
        await page.GetByTestId("district-title").Filter(new() { HasText = "630102" }).WaitForAsync();
        var detail = (await api.GetAsync("/api/districts/630102", api.CityToken)).Json.GetProperty("district");
        var f = detail.GetProperty("funnel");
        string Funnel(JsonElement x) => string.Join(',', new[] { "dispatched", "visited", "entered", "reviewed", "confirmed" }.Select(s => x.GetProperty(s).GetInt32()));
        Assert.Equal(Funnel(f), await page.GetByTestId("funnel-chart").GetAttributeAsync("data-values"));
        Assert.Equal(detail.GetProperty("enrolled_by_type").GetProperty("resident_medical").GetInt32().ToString(),
            await page.Locator("#by-type td[data-type='resident_medical']").InnerTextAsync());
        var tasks = (await api.GetAsync("/api/tasks?district=630102", api.CityToken)).Json;
        Assert.Equal(tasks.GetArrayLength(), await page.Locator("#tasks tbody tr").CountAsync());

        // Click a task waiting for review; the list and the task show the masked ID only.
        var task = tasks.EnumerateArray().First(x => x.GetProperty("state").GetString() == "entered");
        var taskId = task.GetProperty("task_id").GetString()!;
        await page.Locator($"#tasks tbody tr[data-task='{taskId}']").ClickAsync();
        await page.GetByTestId("task-title").Filter(new() { HasText = taskId }).WaitForAsync();
        Assert.Equal(task.GetProperty("resident_id").GetString(), await page.GetByTestId("task-resident-id").InnerTextAsync());
        Assert.Contains("***", await page.GetByTestId("task-resident-id").InnerTextAsync());

        // Approve it: the page and the API agree on the new state and the funnel.
        await page.GetByTestId("task-approve").ClickAsync();
        await page.Locator("[data-testid='task-state'][data-state='confirmed']").WaitForAsync();
        Assert.Equal("confirmed", (await api.GetAsync($"/api/tasks/{taskId}", api.CityToken)).Json.GetProperty("state").GetString());
        var after = (await api.GetAsync("/api/districts/630102", api.CityToken)).Json.GetProperty("district").GetProperty("funnel");
        Assert.Equal(f.GetProperty("confirmed").GetInt32() + 1, after.GetProperty("confirmed").GetInt32());
        await page.WaitForFunctionAsync($"() => document.querySelector('#funnel-chart').dataset.values === '{Funnel(after)}'");

        // Opening the person shows the full ID and is audited.
        await page.GetByTestId("task-person").ClickAsync();
        await page.GetByTestId("person-id").WaitForAsync();
        var full = (await api.Data.GetTaskAsync(taskId, default))!.ResidentId;
        Assert.Equal(full, await page.GetByTestId("person-id").InnerTextAsync());
        Assert.Equal(new[] { "task.approve", "person.read" }, api.Audit.Entries.Select(e => e.Action));

        var dir = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new() { Path = Path.Combine(dir, "dashboard.png"), FullPage = true });
        Assert.True(new FileInfo(Path.Combine(dir, "dashboard.png")).Length > 10_000);

        // English labels on request.
        await page.GetByTestId("lang").ClickAsync();
        Assert.Equal("Coverage by district", await page.Locator("h2[data-i18n='coverage']").InnerTextAsync());
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=task-state]').textContent === 'confirmed'");
        await page.ScreenshotAsync(new() { Path = Path.Combine(dir, "dashboard-en.png"), FullPage = true });
    }

    [Fact]
    public async Task District_operator_sees_only_the_district_and_without_a_token_gets_the_sign_in_form()
    {
        await using var api = await TestApi.StartAsync();
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(api.Server.BaseUrl, "dashboard/").ToString());
        await page.Locator("#login-form").WaitForAsync();
        Assert.True(await page.Locator("#main").IsHiddenAsync());

        await page.Locator("#token").FillAsync(api.DistrictToken);
        await page.Locator("#login-form button").ClickAsync();
        await page.GetByTestId("district-title").Filter(new() { HasText = "630102" }).WaitForAsync();
        Assert.Equal(1, await page.Locator("#districts tbody tr").CountAsync());
        Assert.Contains("district:630102", await page.GetByTestId("who").InnerTextAsync());
    }
}
