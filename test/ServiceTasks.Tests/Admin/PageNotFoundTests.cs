using System.Net;
using Microsoft.Playwright;

namespace ServiceTasks.Tests.Admin;

/// <summary>Unknown page routes answer a browser with an HTML page, and API clients with problem details, as refusals do.</summary>
[TestClass]
public sealed class PageNotFoundTests
{
    [TestMethod]
    [TestCategory("Browser")]
    [DataRow("/admin/x")]
    [DataRow("/admin/services/nothing-here")]
    [DataRow("/hangfire/no-such-page")]
    public async Task UnknownPage_InTheBrowser_IsAn404Page_WithLinksBack(string path)
    {
        var page = await AdminPages.SignInAsync(TestHost.OperatorKey);
        var response = await page.GotoAsync(path);
        Assert.AreEqual((int)HttpStatusCode.NotFound, response!.Status);
        StringAssert.StartsWith(response.Headers["content-type"], "text/html");
        await page.GetByRole(AriaRole.Heading, new() { Name = "404 · Not found" }).WaitForAsync();
        Assert.AreEqual("/admin/services", await page.GetByRole(AriaRole.Link, new() { Name = "Back to the admin pages" }).GetAttributeAsync("href"));
        await page.Context.CloseAsync();
    }

    [TestMethod]
    [TestCategory("Browser")]
    public async Task Admin_OnTheDashboard_SeesA403Page()
    {
        var app = await TestHost.CreateAppAsync();
        var page = await AdminPages.SignInAsync(app);
        foreach (var path in new[] { "/hangfire", "/hangfire/jobs/enqueued" })
        {
            var response = await page.GotoAsync(path);
            Assert.AreEqual((int)HttpStatusCode.Forbidden, response!.Status);
            StringAssert.StartsWith(response.Headers["content-type"], "text/html");
            await page.GetByRole(AriaRole.Heading, new() { Name = "403 · Not allowed" }).WaitForAsync();
        }
        await page.Context.CloseAsync();
    }

    [TestMethod]
    public async Task UnknownPage_ForAnApiClient_StaysProblemJson()
    {
        using var client = TestHost.Operator();
        using var response = await client.GetAsync("/admin/x");
        Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode);
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }
}
