using System.Net;
using Microsoft.Playwright;
using ServiceTasks.Tests.Admin;

namespace ServiceTasks.Tests.Operations;

/// <summary>The Hangfire dashboard: operators only, reached through the same login; admins are refused.</summary>
[TestClass]
public sealed class DashboardAccessTests
{
    [TestMethod]
    [TestCategory("Browser")]
    public async Task Anonymous_IsSentToLogin_ThenAnOperatorSeesTheDashboard_AndLinksBothWays()
    {
        var page = await Browser.Shared.NewPageAsync();
        await page.GotoAsync("/hangfire");
        StringAssert.Contains(page.Url, "/admin/login?ReturnUrl=%2Fhangfire");

        await page.FillAsync("#key", TestHost.OperatorKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // The navigation, then the dashboard's own title: the page's load event waits for every script and style of
        // Hangfire's, and once in a CI run did not come within 30 s although the network had gone idle.
        await page.WaitForURLAsync("**/hangfire", new() { WaitUntil = WaitUntilState.Commit });
        await page.GetByText("ServiceTasks · Hangfire").First.WaitForAsync();
        var html = await page.ContentAsync();
        Assert.DoesNotContain(TestHost.ConnectionString, html);
        Assert.DoesNotContain("Host=", html);
        await Browser.ScreenshotAsync(page, "hangfire-dashboard");

        // The dashboard's "Back to site" goes to the admin pages, whose menu links back for operators.
        Assert.AreEqual("/admin/services", await page.GetByRole(AriaRole.Link, new() { Name = "Back to site" }).GetAttributeAsync("href"));
        await Browser.GotoAsync(page, "/admin/services", "#services-status:has-text('service(s)')");
        Assert.AreEqual(1, await page.GetByRole(AriaRole.Link, new() { Name = "Hangfire dashboard" }).CountAsync());
        await page.Context.CloseAsync();
    }

    [TestMethod]
    [TestCategory("Browser")]
    public async Task Admin_IsRefusedWith403_AndSeesNoDashboardLink()
    {
        var app = await TestHost.CreateAppAsync();
        var page = await AdminPages.SignInAsync(app.AdminKey);
        Assert.AreEqual(0, await page.GetByRole(AriaRole.Link, new() { Name = "Hangfire dashboard" }).CountAsync());

        var response = await page.GotoAsync("/hangfire");
        Assert.AreEqual((int)HttpStatusCode.Forbidden, response!.Status);
        await page.GetByRole(AriaRole.Heading, new() { Name = "403 · Not allowed" }).WaitForAsync();
        Assert.AreEqual("/admin/services", await page.GetByRole(AriaRole.Link, new() { Name = "Back to the admin pages" }).GetAttributeAsync("href"));
        await page.Context.CloseAsync();
    }

    [TestMethod]
    [TestCategory("Browser")]
    [DataRow("text/html")]
    [DataRow("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")]
    [DataRow("application/xml")]
    public async Task Admin_WithAKeyHeader_IsRefusedWith403_WhateverTheBrowserAccepts(string accept)
    {
        var app = await TestHost.CreateAppAsync();
        var page = await Browser.Shared.NewPageAsync(new Dictionary<string, string> { ["X-Api-Key"] = app.AdminKey, ["Accept"] = accept });
        var response = await page.GotoAsync("/hangfire");
        Assert.AreEqual((int)HttpStatusCode.Forbidden, response!.Status, await response.TextAsync());
        StringAssert.Contains(await response.TextAsync(), "403");
        await page.Context.CloseAsync();
    }

    [TestMethod]
    [TestCategory("Browser")]
    public async Task Operator_PicksAnApp_AndThePagesShowThatAppOnly()
    {
        var app = await TestHost.CreateAppAsync();
        await TestServices.CreateAsync(app, s => s.ServiceName = "picked-app-service");
        var page = await AdminPages.SignInAsync(TestHost.OperatorKey);
        await page.Locator("#app-picker option").First.WaitForAsync(new() { State = WaitForSelectorState.Attached });

        await page.GetByLabel("App").SelectOptionAsync(app.AppUuid.ToString());
        await page.Locator("#services-status:has-text('1 service(s)')").WaitForAsync();
        StringAssert.Contains(await page.Locator("#services-body").TextContentAsync(), "picked-app-service");
        await page.Context.CloseAsync();
    }

    [TestMethod]
    public async Task Dashboard_ByKey_OperatorGets200_AdminGets403_NoKeyBrowserIsRedirected_OtherClientsGet401()
    {
        var app = await TestHost.CreateAppAsync();
        using var op = TestHost.Operator();
        using var admin = app.Admin();
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = TestHost.Factory.BaseAddress };
        Assert.AreEqual(HttpStatusCode.OK, (await op.GetAsync("/hangfire")).StatusCode);
        Assert.AreEqual(HttpStatusCode.Forbidden, (await admin.GetAsync("/hangfire")).StatusCode);
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/hangfire")).StatusCode);
        anonymous.DefaultRequestHeaders.TryAddWithoutValidation("Accept", AdminSession.BrowserAccept);
        var redirected = await anonymous.GetAsync("/hangfire");
        Assert.AreEqual(HttpStatusCode.Redirect, redirected.StatusCode);
        StringAssert.Contains(redirected.Headers.Location?.OriginalString, "/admin/login");
    }
}
