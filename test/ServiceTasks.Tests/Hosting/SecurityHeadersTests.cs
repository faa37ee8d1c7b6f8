using System.Net;

namespace ServiceTasks.Tests.Hosting;

/// <summary>Every page, the dashboard and the API answer with the browser-hardening headers, refusals included.</summary>
[TestClass]
public sealed class SecurityHeadersTests
{
    /// <param name="ownPage">Ours: no inline style either. The Hangfire dashboard needs inline styles, never inline script.</param>
    private static void AssertHardened(HttpResponseMessage response, string what, bool ownPage)
    {
        string Header(string name) => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";
        var csp = Header("Content-Security-Policy");
        StringAssert.Contains(csp, "frame-ancestors 'none'", what);
        StringAssert.Contains(csp, "script-src 'self';", what);
        Assert.DoesNotContain("unsafe-eval", csp, what);
        if (ownPage) Assert.DoesNotContain("unsafe-inline", csp, what);
        else StringAssert.Contains(csp, "style-src 'self' 'unsafe-inline';", what);
        Assert.AreEqual("DENY", Header("X-Frame-Options"), what);
        Assert.AreEqual("nosniff", Header("X-Content-Type-Options"), what);
        Assert.AreEqual("no-referrer", Header("Referrer-Policy"), what);
    }

    [TestMethod]
    public async Task PagesDashboardAndApi_SignedIn_AnswerWithTheSecurityHeaders()
    {
        using var session = new AdminSession();
        using var login = await session.Client.GetAsync("/admin/login");
        AssertHardened(login, "/admin/login", ownPage: true);
        await session.SignInAsync(TestHost.OperatorKey);
        foreach (var path in new[] { "/admin/services", "/admin/logs", "/admin/tasks", "/admin/assets/admin.js", "/api/apps" })
        {
            using var response = await session.Client.GetAsync(path);
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, path);
            AssertHardened(response, path, ownPage: true);
        }
        using var dashboard = await session.Client.GetAsync("/hangfire");
        Assert.AreEqual(HttpStatusCode.OK, dashboard.StatusCode);
        AssertHardened(dashboard, "/hangfire", ownPage: false);
    }

    [TestMethod]
    public async Task Refusals_AndTheLoginRedirect_AnswerWithTheSecurityHeaders()
    {
        var app = await TestHost.CreateAppAsync();
        using var anonymous = new AdminSession();
        using var redirect = await anonymous.Client.GetAsync("/admin/services");
        Assert.AreEqual(HttpStatusCode.Redirect, redirect.StatusCode);
        AssertHardened(redirect, "login redirect", ownPage: true);
        using var unauthorized = await anonymous.Client.GetAsync("/api/services");
        Assert.AreEqual(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        AssertHardened(unauthorized, "401", ownPage: true);

        using var admin = new AdminSession();
        await admin.SignInAsync(app.AdminKey);
        using var forbidden = await admin.Client.GetAsync("/hangfire");
        Assert.AreEqual(HttpStatusCode.Forbidden, forbidden.StatusCode);
        AssertHardened(forbidden, "403 on /hangfire", ownPage: false);
    }
}
