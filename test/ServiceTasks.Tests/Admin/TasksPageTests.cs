using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ServiceTasks.Tests.Callbacks;
using static Microsoft.Playwright.Assertions;

namespace ServiceTasks.Tests.Admin;

/// <summary>The tasks page in Chromium: callback state from the deliveries, attempts within the budget, confirmed actions.</summary>
[TestClass]
public sealed class TasksPageTests
{
    private static ILocator Row(IPage page, string text) => page.Locator("#tasks-body tr", new() { HasText = text });

    private static async Task<Guid> CompletedTaskWithCallbackAsync(TestApp app, Guid serviceId)
    {
        using var engine = app.Engine();
        var id = await TestServices.EnqueueAsync(engine, serviceId);
        await TestServices.WaitForStatusAsync(engine, id, "COMPLETED");
        await Eventually.WaitAsync(() => CallbackTesting.DeliveriesAsync(id), d => d.Count > 0, TimeSpan.FromSeconds(30), "a callback delivery");
        return id;
    }

    [TestMethod]
    [TestCategory("Browser")]
    public async Task CallbackColumn_ShowsDelivered_AfterA204()
    {
        var path = $"/hooks/{Guid.NewGuid():N}";
        LoopbackServer.Shared.Reply(path, new LoopbackResponse(204));
        var app = await TestHost.CreateAppAsync(LoopbackServer.Shared.Url(path));
        var service = await TestServices.CreateAsync(app, s => s.ServiceName = "delivered-svc");
        await CompletedTaskWithCallbackAsync(app, service.Id);

        var page = await AdminPages.SignInAsync(app);
        await Browser.GotoAsync(page, "/admin/tasks", "#tasks-body tr:has-text('delivered-svc')");
        await Expect(Row(page, "delivered-svc").Locator("td:nth-child(7)")).ToHaveTextAsync(new Regex("^delivered", RegexOptions.IgnoreCase));
        await page.Context.CloseAsync();
    }

    [TestMethod]
    [TestCategory("Browser")]
    public async Task CallbackColumn_ShowsFailingWithTheLastError_ThenGivenUp()
    {
        var path = $"/hooks/{Guid.NewGuid():N}";
        LoopbackServer.Shared.Reply(path, new LoopbackResponse(500));
        var app = await TestHost.CreateAppAsync(LoopbackServer.Shared.Url(path));
        var service = await TestServices.CreateAsync(app, s => s.ServiceName = "failing-svc");
        var failing = await CompletedTaskWithCallbackAsync(app, service.Id);

        var page = await AdminPages.SignInAsync(app);
        await Browser.GotoAsync(page, "/admin/tasks", "#tasks-body tr:has-text('failing-svc')");
        var cell = Row(page, "failing-svc").Locator("td:nth-child(7)");
        await Expect(cell).ToContainTextAsync(new Regex("failing", RegexOptions.IgnoreCase));
        await Expect(cell).ToContainTextAsync("HTTP 500");

        // A secret that no longer decrypts can never be delivered: the sequence gives up at once.
        await using (var scope = TestHost.DbScope(out var db))
            await db.Apps.Where(a => a.AppUuid == app.AppUuid).ExecuteUpdateAsync(s => s.SetProperty(a => a.CallbackSecret, "not-a-protected-secret"));
        var given = await CompletedTaskWithCallbackAsync(app, (await TestServices.CreateAsync(app, s => s.ServiceName = "given-up-svc")).Id);
        using var admin = app.Admin();
        await Eventually.WaitAsync(async () => await (await admin.GetAsync($"/api/service-tasks/{given}")).JsonAsync(HttpStatusCode.OK),
            t => t["callback_state"]!.GetValue<string>() == "given_up", TimeSpan.FromSeconds(30), "the callback to be given up");
        await Browser.GotoAsync(page, "/admin/tasks", "#tasks-body tr:has-text('given-up-svc')");
        await Expect(Row(page, "given-up-svc").Locator("td:nth-child(7)")).ToContainTextAsync(new Regex("given up", RegexOptions.IgnoreCase));
        await Browser.ScreenshotAsync(page, "tasks-callback-states");
        await page.Context.CloseAsync();
    }

    [TestMethod]
    [TestCategory("Browser")]
    public async Task Attempts_AfterAManualRetry_CountWithinTheNewBudget()
    {
        var app = await TestHost.CreateAppAsync();
        var service = await TestServices.CreateAsync(app, s =>
        {
            s.ServiceName = "once-only"; s.MaxRetries = 0; s.MockDefinition = TestServices.AlwaysFails(500, retryable: false);
        });
        using var admin = app.Admin();
        var id = await TestServices.EnqueueAsync(admin, service.Id);
        await TestServices.WaitForStatusAsync(admin, id, "FAILED");
        (await admin.PostAsync($"/api/service-tasks/{id}/retry", null)).EnsureSuccessStatusCode();
        await Eventually.WaitAsync(async () => await (await admin.GetAsync($"/api/service-tasks/{id}")).JsonAsync(HttpStatusCode.OK),
            t => t["attempts"]!.GetValue<int>() == 2 && t["status"]!.GetValue<string>() == "FAILED", TimeSpan.FromSeconds(60), "the retry to fail");

        var page = await AdminPages.SignInAsync(app);
        await Browser.GotoAsync(page, "/admin/tasks", "#tasks-body tr:has-text('once-only')");
        await Expect(Row(page, "once-only").Locator("td:nth-child(5)")).ToHaveTextAsync(new Regex(@"^1 of 1\b"));
        await page.Context.CloseAsync();
    }

    [TestMethod]
    [TestCategory("Browser")]
    public async Task Cancel_AsksFirst_AndKeepingTheTaskLeavesItRunning()
    {
        var app = await TestHost.CreateAppAsync();
        var service = await TestServices.CreateAsync(app, s =>
        {
            s.ServiceName = "slow-one"; s.TimeoutSeconds = 60;
            s.MockDefinition = TestServices.AlwaysSucceeds() with { MinDelayMs = 30_000, MaxDelayMs = 30_000 };
        });
        using var admin = app.Admin();
        var id = await TestServices.EnqueueAsync(admin, service.Id);
        await TestServices.WaitForStatusAsync(admin, id, "RUNNING");

        var page = await AdminPages.SignInAsync(app);
        await Browser.GotoAsync(page, "/admin/tasks", "#tasks-body tr:has-text('slow-one')");
        await Row(page, "slow-one").GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await AdminPages.ConfirmAsync(page, "Cancel the task", "Keep it");
        var task = await (await admin.GetAsync($"/api/service-tasks/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.IsFalse(task["cancel_requested"]!.GetValue<bool>(), "the task was cancelled without confirmation");

        await Row(page, "slow-one").GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await AdminPages.ConfirmAsync(page, "Cancel the task", "Cancel task");
        await Eventually.WaitAsync(async () => await (await admin.GetAsync($"/api/service-tasks/{id}")).JsonAsync(HttpStatusCode.OK),
            t => t["status"]!.GetValue<string>() == "CANCELLED" || t["cancel_requested"]!.GetValue<bool>(), TimeSpan.FromSeconds(30), "the cancel");
        await page.Context.CloseAsync();
    }
}
