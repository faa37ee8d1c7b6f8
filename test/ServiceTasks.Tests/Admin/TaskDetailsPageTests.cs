using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ServiceTasks.Tests.Admin;

/// <summary>The task details dialog: attempts, input and output, callback deliveries, and the Redeliver button.</summary>
[TestClass]
public sealed class TaskDetailsPageTests
{
    [TestMethod]
    [TestCategory("Browser")]
    public async Task Details_ShowAttemptsInputOutputAndDeliveries()
    {
        var path = $"/hooks/{Guid.NewGuid():N}";
        LoopbackServer.Shared.Reply(path, new LoopbackResponse(500), new LoopbackResponse(204));
        var app = await TestHost.CreateAppAsync(LoopbackServer.Shared.Url(path));
        var service = await TestServices.CreateAsync(app, s =>
        {
            s.ServiceName = "detailed";
            s.MockDefinition = TestServices.AlwaysSucceeds("""{"answer": "forty-two"}""");
        });
        using var admin = app.Admin();
        var id = await TestServices.EnqueueAsync(admin, service.Id, new { question = "life" });
        await TestServices.WaitForStatusAsync(admin, id, "COMPLETED");
        await Eventually.WaitAsync(() => Callbacks.CallbackTesting.DeliveriesAsync(id), d => d.Any(x => x.Succeeded),
            TimeSpan.FromSeconds(60), "the callback's second try to succeed");

        var page = await AdminPages.SignInAsync(app);
        await Browser.GotoAsync(page, "/admin/tasks", "#tasks-body tr:has-text('detailed')");
        await page.Locator("#tasks-body tr", new() { HasText = "detailed" }).GetByRole(AriaRole.Button, new() { Name = "Details" }).ClickAsync();
        var dialog = page.Locator("#task-dialog");
        await Expect(dialog.Locator("#task-input")).ToContainTextAsync("life");
        await Expect(dialog.Locator("#task-output")).ToContainTextAsync("forty-two");
        await Expect(dialog.Locator("#task-attempts tbody tr")).ToHaveCountAsync(1);
        await Expect(dialog.Locator("#task-attempts")).ToContainTextAsync("SUCCESS");
        await Expect(dialog.Locator("#task-deliveries tbody tr")).ToHaveCountAsync(2);
        await Expect(dialog.Locator("#task-deliveries tbody tr").Nth(0)).ToContainTextAsync("500");
        await Expect(dialog.Locator("#task-deliveries tbody tr").Nth(1)).ToContainTextAsync("delivered");
        await Expect(dialog.Locator("#task-facts")).ToContainTextAsync(new Regex("Callback\\s*delivered"));
        await Browser.ScreenshotAsync(page, "tasks-details");

        // Redeliver sends the last outcome once more, recorded as a delivery like the others.
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Redeliver callback" }).ClickAsync();
        await Expect(dialog.Locator("#task-redeliver-note")).ToHaveTextAsync("Redelivery requested.");
        await Eventually.WaitAsync(() => Callbacks.CallbackTesting.DeliveriesAsync(id), d => d.Count(x => x.Succeeded) == 2,
            TimeSpan.FromSeconds(60), "the redelivered callback to arrive");
        await page.Context.CloseAsync();
    }
}
