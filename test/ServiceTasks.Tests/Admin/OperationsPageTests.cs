using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ServiceTasks.Tests.Admin;

/// <summary>
/// The operators' page. Pausing is cluster-wide, so, as the pause API tests do, it runs against the real executable on
/// a database of its own rather than the host the other tests share.
/// </summary>
[TestClass]
public sealed class OperationsPageTests
{
    private static ServiceProcess _host = null!;
    private static StandaloneSeed _seed = null!;

    [ClassInitialize]
    public static async Task StartHostAsync(TestContext _)
    {
        var connectionString = await TestDatabase.CreateAsync("operations-page");
        _host = ServiceProcess.Start(new Dictionary<string, string?> { ["ConnectionStrings__ServiceTasks"] = connectionString });
        using var probe = new HttpClient { BaseAddress = _host.BaseAddress };
        await Readiness.WaitReadyAsync(probe);
        _seed = await StandaloneSeed.WriteAsync(connectionString);
    }

    [ClassCleanup]
    public static async Task StopHostAsync() => await _host.DisposeAsync();

    private static string Url(string path) => new Uri(_host.BaseAddress!, path).ToString();

    private static async Task<IPage> SignInAsync(string key)
    {
        var page = await Browser.Shared.NewPageAsync();
        await page.GotoAsync(Url("/admin/login"));
        await AdminPages.SubmitKeyAsync(page, key);
        return page;
    }

    [TestMethod]
    [TestCategory("Browser")]
    public async Task Operator_PausesAfterConfirming_ProcessesOnce_AndResumes_SeeingTheCounts()
    {
        using var engine = new HttpClient { BaseAddress = _host.BaseAddress };
        engine.DefaultRequestHeaders.Authorization = new("Bearer", _seed.EngineKey);
        var done = await TestServices.EnqueueAsync(engine, _seed.ServiceId);
        await TestServices.WaitForStatusAsync(engine, done, "COMPLETED");

        var page = await SignInAsync(_seed.OperatorKey);
        await page.GetByRole(AriaRole.Link, new() { Name = "Operations" }).ClickAsync();
        await page.Locator("#pause-state:has-text('Running')").WaitForAsync();
        await Expect(page.Locator("[data-count='completed'] strong")).ToHaveTextAsync("1");
        await Expect(page.Locator("#app-counts")).ToContainTextAsync("standalone");
        await Expect(page.Locator("#servers-body tr").First).ToContainTextAsync(new Regex(@"\d"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await AdminPages.ConfirmAsync(page, "Pause processing", "Keep it");
        await Expect(page.Locator("#pause-state")).ToContainTextAsync("Running");
        await page.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await AdminPages.ConfirmAsync(page, "Pause processing", "Pause");
        await Expect(page.Locator("#pause-state")).ToContainTextAsync("Paused");

        var waiting = await TestServices.EnqueueAsync(engine, _seed.ServiceId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Refresh" }).ClickAsync();
        await Expect(page.Locator("[data-count='pending'] strong")).ToHaveTextAsync("1");
        await Browser.ScreenshotAsync(page, "operations");
        await page.GetByRole(AriaRole.Button, new() { Name = "Process once" }).ClickAsync();
        await TestServices.WaitForStatusAsync(engine, waiting, "COMPLETED");
        await Expect(page.Locator("#pause-state")).ToContainTextAsync("Paused");

        await page.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        await Expect(page.Locator("#pause-state")).ToContainTextAsync("Running");
        await page.GetByRole(AriaRole.Button, new() { Name = "Refresh" }).ClickAsync();
        await Expect(page.Locator("[data-count='completed'] strong")).ToHaveTextAsync("2");
        await page.Context.CloseAsync();
    }

    [TestMethod]
    [TestCategory("Browser")]
    public async Task Admin_HasNoOperationsLink_AndIsRefusedWithA403Page()
    {
        var page = await SignInAsync(_seed.AdminKey);
        Assert.AreEqual(0, await page.GetByRole(AriaRole.Link, new() { Name = "Operations" }).CountAsync());
        var response = await page.GotoAsync(Url("/admin/operations"));
        Assert.AreEqual((int)HttpStatusCode.Forbidden, response!.Status);
        await page.GetByRole(AriaRole.Heading, new() { Name = "403 · Not allowed" }).WaitForAsync();
        await page.Context.CloseAsync();
    }
}
