using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ServiceTasks.Tests.Admin;

/// <summary>The services page's dialogs and toggle in Chromium.</summary>
[TestClass]
public sealed class ServicesPageTests
{
    private static ILocator Row(IPage page, string name) => page.Locator("#services-body tr", new() { HasText = name });

    [TestMethod]
    [TestCategory("Browser")]
    public async Task TestDialog_ASuccessfulResult_ShowsTheBadgeAndTheData_AndNothingElse()
    {
        var app = await TestHost.CreateAppAsync();
        await TestServices.CreateAsync(app, s => { s.ServiceName = "echo"; s.MockDefinition = TestServices.AlwaysSucceeds("""{"echo": true}"""); });
        var page = await AdminPages.SignInAsync(app);
        await Row(page, "echo").GetByRole(AriaRole.Button, new() { Name = "Test" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Run test" }).ClickAsync();
        var result = page.Locator("#test-result");
        await result.Locator("pre").WaitForAsync();
        var text = await result.InnerTextAsync();
        StringAssert.StartsWith(text.Trim(), "SUCCESS");
        StringAssert.DoesNotMatch(text, new Regex(@"(^|\n)\s*null\s*(\n|$)"), $"a stray null line: {text}");
        Assert.AreEqual(0, await result.Locator(".form-error").CountAsync());
        await page.Context.CloseAsync();
    }

    [TestMethod]
    [TestCategory("Browser")]
    public async Task ServiceForm_ANestedMockError_KeepsItsFieldPath()
    {
        var app = await TestHost.CreateAppAsync();
        var page = await AdminPages.SignInAsync(app);
        await page.GetByRole(AriaRole.Button, new() { Name = "New service" }).ClickAsync();
        var dialog = page.Locator("#service-dialog");
        await dialog.GetByLabel("Name", new() { Exact = true }).FillAsync("nested-error");
        await dialog.GetByLabel("Mock definition (JSON, optional)").FillAsync(
            """{"error_scenarios": [{"probability": 0.1, "status_code": 500}, {"probability": 2, "status_code": 503}]}""");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        var error = page.Locator("[data-error-for='mock_definition']");
        await Expect(error).ToContainTextAsync("error_scenarios[1].probability");
        await Expect(error).ToContainTextAsync("between 0 and 1");
        await page.Context.CloseAsync();
    }

    [TestMethod]
    [TestCategory("Browser")]
    public async Task ActiveToggle_AsksFirst_AndKeepingLeavesTheServiceActive()
    {
        var app = await TestHost.CreateAppAsync();
        var service = await TestServices.CreateAsync(app, s => s.ServiceName = "toggled");
        var page = await AdminPages.SignInAsync(app);
        var toggle = Row(page, "toggled").GetByRole(AriaRole.Checkbox);
        await toggle.ClickAsync();
        await AdminPages.ConfirmAsync(page, "Deactivate", "Keep it");
        await Expect(toggle).ToBeCheckedAsync();
        using var admin = app.Admin();
        var read = await (await admin.GetAsync($"/api/services/{service.Id}")).JsonAsync(HttpStatusCode.OK);
        Assert.IsTrue(read["is_active"]!.GetValue<bool>(), "the service was deactivated without confirmation");

        await toggle.ClickAsync();
        await AdminPages.ConfirmAsync(page, "Deactivate", "Deactivate");
        await page.Locator("#services-body tr:has-text('toggled'):has-text('Inactive')").WaitForAsync();
        read = await (await admin.GetAsync($"/api/services/{service.Id}")).JsonAsync(HttpStatusCode.OK);
        Assert.IsFalse(read["is_active"]!.GetValue<bool>());
        await page.Context.CloseAsync();
    }
}
