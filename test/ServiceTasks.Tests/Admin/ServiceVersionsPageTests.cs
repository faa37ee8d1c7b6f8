using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ServiceTasks.Tests.Admin;

/// <summary>The versions dialog: the history, a diff of any two versions, and a confirmed restore.</summary>
[TestClass]
public sealed class ServiceVersionsPageTests
{
    [TestMethod]
    [TestCategory("Browser")]
    public async Task Versions_ShowTheDiffOfTwoVersions_AndRestoreMakesANewVersion()
    {
        var app = await TestHost.CreateAppAsync();
        var service = await TestServices.CreateAsync(app, s => { s.ServiceName = "versioned"; s.TimeoutSeconds = 30; });
        using var admin = app.Admin();
        async Task Patch(object body) =>
            (await admin.PatchAsync($"/api/services/{service.Id}", JsonContent.Create(body))).EnsureSuccessStatusCode();
        await Patch(new { timeout_seconds = 45 });
        await Patch(new { max_concurrency = 3, description = "now limited" });

        var page = await AdminPages.SignInAsync(app);
        await page.Locator("#services-body tr", new() { HasText = "versioned" }).GetByRole(AriaRole.Button, new() { Name = "Versions" }).ClickAsync();
        var dialog = page.Locator("#versions-dialog");
        await Expect(dialog.Locator("#versions-body tr")).ToHaveCountAsync(3);
        // By default: the previous version against the current one.
        await Expect(dialog.Locator("#diff-body")).ToContainTextAsync("max_concurrency");
        await Expect(dialog.Locator("#diff-body")).Not.ToContainTextAsync("timeout_seconds");

        await dialog.GetByLabel("From version").SelectOptionAsync("1");
        var changed = dialog.Locator("#diff-body tr", new() { HasText = "timeout_seconds" });
        await Expect(changed).ToContainTextAsync("30");
        await Expect(changed).ToContainTextAsync("45");
        await Browser.ScreenshotAsync(page, "services-versions");

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Restore version 1" }).ClickAsync();
        await AdminPages.ConfirmAsync(page, "version 1", "Restore");
        await Expect(dialog.Locator("#versions-body tr")).ToHaveCountAsync(4);
        var restored = await (await admin.GetAsync($"/api/services/{service.Id}")).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual(4, restored["version"]!.GetValue<int>());
        Assert.AreEqual(30, restored["timeout_seconds"]!.GetValue<int>());
        Assert.IsNull(restored["max_concurrency"]);
        await page.Keyboard.PressAsync("Escape");
        await page.Locator("#services-body tr:has-text('versioned'):has-text('v4')").WaitForAsync();
        await page.Context.CloseAsync();
    }
}
