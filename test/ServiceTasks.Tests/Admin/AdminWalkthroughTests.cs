using System.Net;
using Microsoft.Playwright;

namespace ServiceTasks.Tests.Admin;

/// <summary>What an admin does in the pages, in a real (headless) Chromium against the shared host.</summary>
[TestClass]
public sealed class AdminWalkthroughTests
{
    [TestMethod]
    [TestCategory("Browser")]
    public async Task Admin_ManagesServices_ReadsLogs_HandlesTasks_AndSignsOut()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        var page = await Browser.Shared.NewPageAsync();

        // Sign in.
        await Browser.GotoAsync(page, "/admin/login", "#key");
        await Browser.ScreenshotAsync(page, "login");
        await AdminPages.SubmitKeyAsync(page, app.AdminKey);
        await page.Locator("#services-status:has-text('0 service(s)')").WaitForAsync();

        // Create a MOCK service through the dialog; the template's description shows under the dropdown.
        await page.GetByRole(AriaRole.Button, new() { Name = "New service" }).ClickAsync();
        var dialog = page.Locator("#service-dialog");
        await dialog.GetByLabel("Name", new() { Exact = true }).FillAsync("weather");
        await dialog.GetByLabel("Template").SelectOptionAsync("weather_service_mock");
        StringAssert.Contains(await page.Locator("#template-description").TextContentAsync(), "eather");
        await dialog.GetByLabel("Mock definition (JSON, optional)").FillAsync("""{"min_delay_ms": 0, "max_delay_ms": 0, "error_scenarios": []}""");
        await Browser.ScreenshotAsync(page, "services-create-dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        var row = page.Locator("#services-body tr", new() { HasText = "weather" });
        await row.WaitForAsync();
        StringAssert.Contains(await row.TextContentAsync(), "MOCK");

        // A REAL service with a bad URL: the API's field error appears next to the URL field, and nothing is created.
        await page.GetByRole(AriaRole.Button, new() { Name = "New service" }).ClickAsync();
        await dialog.GetByLabel("Name", new() { Exact = true }).FillAsync("broken-real");
        await dialog.GetByLabel("Type").SelectOptionAsync("REAL");
        await dialog.GetByLabel("Endpoint URL").FillAsync("not a url");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        var urlError = page.Locator("[data-error-for='endpoint_url']");
        await urlError.Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex(".+") }).WaitForAsync();
        Assert.AreEqual("true", await dialog.GetByLabel("Endpoint URL").GetAttributeAsync("aria-invalid"));
        await Browser.ScreenshotAsync(page, "services-field-error");
        await page.Keyboard.PressAsync("Escape");
        Assert.IsFalse(await dialog.IsVisibleAsync(), "Esc closes the dialog");

        // Test it: the response shows in the dialog.
        await row.GetByRole(AriaRole.Button, new() { Name = "Test" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Run test" }).ClickAsync();
        await page.Locator("#test-result:has-text('SUCCESS')").WaitForAsync();
        StringAssert.Contains(await page.Locator("#test-result pre").TextContentAsync(), "temperature");
        await Browser.ScreenshotAsync(page, "services-test");
        await page.Keyboard.PressAsync("Escape");

        // Edit it: a new description, a new version.
        await row.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await dialog.GetByLabel("Description").FillAsync("Forecasts for the demo");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.Locator("#services-body tr:has-text('Forecasts for the demo'):has-text('v2')").WaitForAsync();
        await Browser.ScreenshotAsync(page, "services");

        // Tasks through the API: two that succeed, one that fails at once.
        var services = await (await admin.GetAsync("/api/services?search=weather")).JsonAsync(HttpStatusCode.OK);
        var weatherId = Guid.Parse(services["items"]![0]!["id"]!.GetValue<string>());
        var failing = await TestServices.CreateAsync(app, s => { s.ServiceName = "flaky-billing"; s.MockDefinition = TestServices.AlwaysFails(500, retryable: false); s.MaxRetries = 0; });
        var done = new[] { await TestServices.EnqueueAsync(admin, weatherId), await TestServices.EnqueueAsync(admin, weatherId) };
        var failed = await TestServices.EnqueueAsync(admin, failing.Id);
        foreach (var id in done) await TestServices.WaitForStatusAsync(admin, id, "COMPLETED");
        await TestServices.WaitForStatusAsync(admin, failed, "FAILED");

        // Logs: all three, then only the failed one, then its details.
        await Browser.GotoAsync(page, "/admin/logs", "#logs-status:has-text('3 execution(s)')");
        await page.Locator("#hourly-chart svg rect").First.WaitForAsync();
        Assert.AreEqual(3, await page.Locator("#logs-body tr").CountAsync());
        await Browser.ScreenshotAsync(page, "logs");
        await page.GetByLabel("Status").SelectOptionAsync("FAILED");
        await page.Locator("#logs-status:has-text('1 execution(s)')").WaitForAsync();
        Assert.AreEqual(1, await page.Locator("#logs-body tr").CountAsync());
        StringAssert.Contains(await page.Locator("#logs-body tr").TextContentAsync(), "flaky-billing");
        await page.Locator("#logs-body tr").GetByRole(AriaRole.Button, new() { Name = "Details" }).ClickAsync();
        var details = page.Locator("#log-dialog");
        await details.WaitForAsync();
        StringAssert.Contains(await details.TextContentAsync(), "Down for the test");
        StringAssert.Contains(await page.Locator("#log-request").TextContentAsync(), "{");
        await Browser.ScreenshotAsync(page, "logs-details");
        await page.Keyboard.PressAsync("Escape");

        // Tasks: retry the failed one.
        await Browser.GotoAsync(page, "/admin/tasks", "#tasks-status:has-text('3 task(s)')");
        await Browser.ScreenshotAsync(page, "tasks");
        await page.Locator("#tasks-body tr", new() { HasText = "flaky-billing" }).GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();
        await Eventually.WaitAsync(async () => await (await admin.GetAsync($"/api/service-tasks/{failed}")).JsonAsync(HttpStatusCode.OK),
            t => t["attempts"]!.GetValue<int>() == 2 && t["status"]!.GetValue<string>() == "FAILED", TimeSpan.FromSeconds(60), "the retried task to fail again");

        // A service with a task still running cannot be deleted; the page shows the API's 409 message. Then cancel it.
        var slow = await TestServices.CreateAsync(app, s =>
        {
            s.ServiceName = "slow-report"; s.TimeoutSeconds = 60; s.MockDefinition = TestServices.AlwaysSucceeds() with { MinDelayMs = 30_000, MaxDelayMs = 30_000 };
        });
        var slowTask = await TestServices.EnqueueAsync(admin, slow.Id);
        await Browser.GotoAsync(page, "/admin/services", "#services-body tr:has-text('slow-report')");
        await page.Locator("#services-body tr", new() { HasText = "slow-report" }).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await page.Locator("#delete-dialog").GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await page.Locator("#delete-error:has-text('PENDING or RUNNING')").WaitForAsync();
        await Browser.ScreenshotAsync(page, "services-delete-409");
        await page.Keyboard.PressAsync("Escape");
        await (await admin.GetAsync($"/api/services/{slow.Id}")).JsonAsync(HttpStatusCode.OK);

        await Browser.GotoAsync(page, "/admin/tasks", "#tasks-body tr:has-text('slow-report')");
        await page.Locator("#tasks-body tr", new() { HasText = "slow-report" }).GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await AdminPages.ConfirmAsync(page, "Cancel the task", "Cancel task");
        // has-text is case-insensitive, so the row's own "Cancel" button matched 'CANCEL' at once: wait on the API instead.
        await Eventually.WaitAsync(async () => await (await admin.GetAsync($"/api/service-tasks/{slowTask}")).JsonAsync(HttpStatusCode.OK),
            t => t["status"]!.GetValue<string>() == "CANCELLED" || t["cancel_requested"]!.GetValue<bool>(), TimeSpan.FromSeconds(30), "the task to be cancelled");

        // Sign out: back at the login page, and the pages ask for it again.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/admin/login", new() { WaitUntil = WaitUntilState.Commit });
        await page.Locator("#key").WaitForAsync();
        await page.GotoAsync("/admin/logs");
        Assert.Contains("/admin/login", page.Url);
        await page.Context.CloseAsync();
    }
}
