using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ServiceTasks.Tests.Admin;

/// <summary>The keys page: list, create (shown once, copied), revoke after a confirmation; an operator for any app.</summary>
[TestClass]
public sealed class KeysPageTests
{
    private static async Task<string> CreateKeyAsync(IPage page, string name, string role)
    {
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Role").SelectOptionAsync(role);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await page.Locator("#new-key:not([hidden])").WaitForAsync();
        return await page.Locator("#new-key-value").InputValueAsync();
    }

    [TestMethod]
    [TestCategory("Browser")]
    public async Task Admin_CreatesAKey_ShownOnceAndCopied_ThenRevokesIt()
    {
        var app = await TestHost.CreateAppAsync();
        var page = await AdminPages.SignInAsync(app);
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await Browser.GotoAsync(page, "/admin/keys", "#keys-status:has-text('2 key(s)')");

        var key = await CreateKeyAsync(page, "nightly job", "engine");
        StringAssert.StartsWith(key, "st_");
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy" }).ClickAsync();
        await Expect(page.Locator("#copy-status")).ToHaveTextAsync("Copied.");
        Assert.AreEqual(key, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await Browser.ScreenshotAsync(page, "keys");
        using (var engine = app.Factory.CreateClient(key))
            (await engine.GetAsync("/api/service-tasks")).EnsureSuccessStatusCode();

        // Shown once: after a reload the list has the prefix only.
        await Browser.GotoAsync(page, "/admin/keys", "#keys-status:has-text('3 key(s)')");
        Assert.IsTrue(await page.Locator("#new-key").IsHiddenAsync());
        Assert.DoesNotContain(key, await page.ContentAsync());

        var row = page.Locator("#keys-body tr", new() { HasText = "nightly job" });
        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke nightly job" }).ClickAsync();
        await AdminPages.ConfirmAsync(page, "nightly job", "Revoke");
        await Expect(row).ToContainTextAsync("Revoked");
        using (var engine = app.Factory.CreateClient(key))
            Assert.AreEqual(HttpStatusCode.Unauthorized, (await engine.GetAsync("/api/service-tasks")).StatusCode);
        await page.Context.CloseAsync();
    }

    [TestMethod]
    [TestCategory("Browser")]
    public async Task Operator_ManagesTheKeysOfThePickedApp()
    {
        var app = await TestHost.CreateAppAsync();
        var page = await AdminPages.SignInAsync(TestHost.OperatorKey, app.AppUuid);
        await Browser.GotoAsync(page, "/admin/keys", "#keys-status:has-text('2 key(s)')");
        var key = await CreateKeyAsync(page, "second admin", "admin");
        using var client = app.Factory.CreateClient(key);
        var apps = await (await client.GetAsync("/api/apps")).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual(app.AppUuid.ToString(), apps["items"]![0]!["app_uuid"]!.GetValue<string>(), "the key belongs to the picked app");
        await page.Context.CloseAsync();
    }
}
