using Microsoft.Playwright;

namespace ServiceTasks.Tests.Admin;

/// <summary>Every page and dialog names its controls: labels on inputs, names on buttons and links.</summary>
[TestClass]
public sealed class AccessibilityTests
{
    [TestMethod]
    [TestCategory("Browser")]
    public async Task EveryPageAndDialog_HasALabelOnEachInput_AndANameOnEachButton()
    {
        var app = await TestHost.CreateAppAsync();
        var service = await TestServices.CreateAsync(app, s => s.ServiceName = "named");
        using (var admin = app.Admin())
        {
            var id = await TestServices.EnqueueAsync(admin, service.Id);
            await TestServices.WaitForStatusAsync(admin, id, "COMPLETED");
        }
        var page = await AdminPages.SignInAsync(TestHost.OperatorKey, app.AppUuid);
        await LabelCheck.AssertCatchesAsync(page);

        await LabelCheck.AssertNamedAsync(page, "services");
        var row = page.Locator("#services-body tr", new() { HasText = "named" });
        foreach (var (button, ready) in new[] { ("Edit", "#service-dialog"), ("Test", "#test-dialog"), ("Versions", "#versions-body tr"), ("Delete", "#delete-dialog") })
        {
            await row.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
            await page.Locator(ready).First.WaitForAsync();
            await LabelCheck.AssertNamedAsync(page, $"services, {button} dialog");
            await page.Keyboard.PressAsync("Escape");
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "New service" }).ClickAsync();
        foreach (var type in new[] { "REAL", "MOCK" })
        {
            await page.Locator("#f-type").SelectOptionAsync(type);
            await page.Locator("#f-breaker").CheckAsync();
            await LabelCheck.AssertNamedAsync(page, $"services, new {type} service");
        }
        await page.Keyboard.PressAsync("Escape");
        await page.GetByRole(AriaRole.Button, new() { Name = "Import…" }).ClickAsync();
        await LabelCheck.AssertNamedAsync(page, "services, import dialog");
        await page.Keyboard.PressAsync("Escape");

        await Browser.GotoAsync(page, "/admin/logs", "#logs-body tr");
        await LabelCheck.AssertNamedAsync(page, "logs");
        await Browser.GotoAsync(page, "/admin/tasks", "#tasks-body tr");
        await LabelCheck.AssertNamedAsync(page, "tasks");
        await page.Locator("#tasks-body tr").First.GetByRole(AriaRole.Button, new() { Name = "Details" }).ClickAsync();
        await page.Locator("#task-dialog").WaitForAsync();
        await LabelCheck.AssertNamedAsync(page, "tasks, details dialog");
        await page.Keyboard.PressAsync("Escape");
        await Browser.GotoAsync(page, "/admin/keys", "#keys-body tr");
        await LabelCheck.AssertNamedAsync(page, "keys");
        await Browser.GotoAsync(page, "/admin/operations", "#total-counts div");
        await LabelCheck.AssertNamedAsync(page, "operations");
        await page.Context.CloseAsync();
    }
}
