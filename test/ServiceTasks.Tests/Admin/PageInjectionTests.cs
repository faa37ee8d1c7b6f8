using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;

namespace ServiceTasks.Tests.Admin;

/// <summary>
/// Markup in stored values (service name, instance id, error message, app name) shows as text on every page an admin or
/// operator opens: no element is created from it, no script runs, and our pages raise no CSP violation.
/// </summary>
[TestClass]
public sealed class PageInjectionTests
{
    private const string Markup = "<img src=x onerror=\"window.__xss=1\">";
    private const string WatchScript = """
        window.__csp = [];
        document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
        """;

    private static async Task<TestApp> AppFullOfMarkupAsync()
    {
        var app = await TestHost.CreateAppAsync();
        using var op = TestHost.Operator();
        var renamed = await op.PatchAsync($"/api/apps/{app.AppUuid}",
            JsonContent.Create(new { name = "app " + Markup + Guid.NewGuid().ToString("N") }));
        await renamed.JsonAsync(HttpStatusCode.OK);
        var service = await TestServices.CreateAsync(app, s =>
        {
            s.ServiceName = "svc " + Markup;
            s.Description = "about " + Markup;
            s.MaxRetries = 0;
            s.MockDefinition = TestServices.AlwaysFails(500, retryable: false, name: Markup);
        });
        using var engine = app.Engine();
        var enqueued = await engine.PostAsJsonAsync("/api/service-tasks", new
        {
            service_config_id = service.Id, instance_id = "wf " + Markup, task_id = "node-1", input_data = new { },
        });
        var task = await enqueued.JsonAsync(HttpStatusCode.Accepted);
        await TestServices.WaitForStatusAsync(engine, Guid.Parse(task["id"]!.GetValue<string>()), "FAILED");
        return app;
    }

    private static async Task<IPage> SignInAsync(string key)
    {
        var page = await Browser.Shared.NewPageAsync();
        await page.AddInitScriptAsync(WatchScript);
        await page.GotoAsync("/admin/login");
        await AdminPages.SubmitKeyAsync(page, key);
        return page;
    }

    private static async Task AssertInertAsync(IPage page, string where)
    {
        Assert.AreEqual(0, await page.Locator("main img").CountAsync(), $"an element was built from stored markup on {where}");
        Assert.IsTrue(await page.EvaluateAsync<bool>("() => window.__xss === undefined"), $"stored markup ran script on {where}");
        var violations = await page.EvaluateAsync<string[]>("() => window.__csp");
        Assert.IsEmpty(violations, $"CSP violations on {where}: {string.Join("; ", violations)}");
    }

    private static async Task WalkThePagesAsync(IPage page)
    {
        await Browser.GotoAsync(page, "/admin/services", "#services-body tr");
        var row = page.Locator("#services-body tr", new() { HasText = "svc " + Markup });
        StringAssert.Contains(await row.TextContentAsync(), "about " + Markup);
        foreach (var (button, text) in new[] { ("Edit", "#service-dialog-title"), ("Test", "#test-dialog-title"), ("Versions", "#versions-dialog-title"), ("Delete", "#delete-question") })
        {
            await row.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();
            await page.Locator(text).Filter(new() { HasText = "svc " + Markup }).WaitForAsync();
            await AssertInertAsync(page, $"services, {button} dialog");
            await page.Keyboard.PressAsync("Escape");
        }

        await Browser.GotoAsync(page, "/admin/logs", "#logs-body tr");
        var log = page.Locator("#logs-body tr").First;
        var logText = await log.TextContentAsync();
        StringAssert.Contains(logText, "svc " + Markup);
        StringAssert.Contains(logText, "wf " + Markup);
        StringAssert.Contains(logText, Markup + " for the test");
        await log.GetByRole(AriaRole.Button, new() { Name = "Details" }).ClickAsync();
        await page.Locator("#log-facts").Filter(new() { HasText = "wf " + Markup }).WaitForAsync();
        StringAssert.Contains(await page.Locator("#log-dialog-title").TextContentAsync(), "svc " + Markup);
        StringAssert.Contains(await page.Locator("#log-facts").TextContentAsync(), Markup + " for the test");
        await AssertInertAsync(page, "logs, details dialog");
        await page.Keyboard.PressAsync("Escape");

        await Browser.GotoAsync(page, "/admin/tasks", "#tasks-body tr:has-text('FAILED')");
        var task = await page.Locator("#tasks-body tr").First.TextContentAsync();
        StringAssert.Contains(task, "svc " + Markup);
        StringAssert.Contains(task, "wf " + Markup);
        StringAssert.Contains(task, Markup + " for the test");
        await AssertInertAsync(page, "tasks");
        await page.Locator("#tasks-body tr").First.GetByRole(AriaRole.Button, new() { Name = "Details" }).ClickAsync();
        await page.Locator("#task-dialog-title").Filter(new() { HasText = "wf " + Markup }).WaitForAsync();
        StringAssert.Contains(await page.Locator("#task-facts").TextContentAsync(), Markup + " for the test");
        await AssertInertAsync(page, "tasks, details dialog");
        await page.Keyboard.PressAsync("Escape");
    }

    [TestMethod]
    [TestCategory("Browser")]
    public async Task StoredMarkup_RendersAsText_OnEveryPageAnAdminOpens()
    {
        var app = await AppFullOfMarkupAsync();
        var page = await SignInAsync(app.AdminKey);
        await WalkThePagesAsync(page);
        await page.Context.CloseAsync();
    }

    [TestMethod]
    [TestCategory("Browser")]
    public async Task StoredMarkup_RendersAsText_OnEveryPageAnOperatorOpens_AndTheDashboardRaisesNoViolation()
    {
        var app = await AppFullOfMarkupAsync();
        var page = await SignInAsync(TestHost.OperatorKey);
        await page.Locator("#app-picker option").First.WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.GetByLabel("App").SelectOptionAsync(app.AppUuid.ToString());
        await page.Locator("#services-status:has-text('1 service(s)')").WaitForAsync();
        StringAssert.Contains(await page.Locator("#app-picker").TextContentAsync(), "app " + Markup);
        await WalkThePagesAsync(page);

        foreach (var path in new[] { "/hangfire", "/hangfire/jobs/succeeded", "/hangfire/recurring", "/hangfire/servers" })
        {
            await page.GotoAsync(path);
            await page.GetByText("ServiceTasks · Hangfire").First.WaitForAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await AssertInertAsync(page, path);
        }
        await page.Context.CloseAsync();
    }
}
