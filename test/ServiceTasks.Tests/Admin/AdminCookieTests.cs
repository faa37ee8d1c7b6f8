using System.Net;
using System.Net.Http.Json;

namespace ServiceTasks.Tests.Admin;

/// <summary>The admin session cookie: its flags, anti-forgery on forms and on cookie-authenticated API calls, tenancy, revocation.</summary>
[TestClass]
public sealed class AdminCookieTests
{
    [TestMethod]
    public async Task Login_SetsHttpOnlySameSiteStrictCookies_AndRedirectsToServices()
    {
        var app = await TestHost.CreateAppAsync();
        using var session = new AdminSession();
        var token = await session.FormTokenAsync();
        var response = await session.LoginAsync(app.AdminKey, token);

        Assert.AreEqual(HttpStatusCode.Redirect, response.StatusCode);
        Assert.AreEqual("/admin/services", response.Headers.Location?.OriginalString);
        var setCookies = response.Headers.GetValues("Set-Cookie").ToList();
        var auth = setCookies.Single(c => c.StartsWith(".ServiceTasks.Admin="));
        StringAssert.Contains(auth.ToLowerInvariant(), "httponly");
        StringAssert.Contains(auth.ToLowerInvariant(), "samesite=strict");
        Assert.IsFalse(auth.Contains(app.AdminKey), "the cookie never carries the key");
        var antiforgery = session.Cookies.GetAllCookies().Single(c => c.Name == ".ServiceTasks.Antiforgery");
        Assert.IsTrue(antiforgery.HttpOnly);
    }

    [TestMethod]
    public async Task LoginPost_WithoutAntiforgeryToken_Returns400AndSetsNoSession()
    {
        var app = await TestHost.CreateAppAsync();
        using var session = new AdminSession();
        await session.FormTokenAsync();
        var response = await session.LoginAsync(app.AdminKey, token: null);
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.IsFalse(session.Cookies.GetAllCookies().Any(c => c.Name == ".ServiceTasks.Admin"));
    }

    [TestMethod]
    public async Task Login_WithUnknownOrEngineKey_StaysOnTheFormWithAMessage()
    {
        var app = await TestHost.CreateAppAsync();
        using var session = new AdminSession();
        foreach (var (key, message) in new[] { ("st_not-a-key", "Unknown or revoked key."), (app.EngineKey, "engine key") })
        {
            var response = await session.LoginAsync(key, await session.FormTokenAsync());
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
            StringAssert.Contains(await response.Content.ReadAsStringAsync(), message);
            Assert.IsFalse(session.Cookies.GetAllCookies().Any(c => c.Name == ".ServiceTasks.Admin"));
        }
    }

    [TestMethod]
    public async Task Login_WithForeignReturnUrl_StaysOnTheSite()
    {
        var app = await TestHost.CreateAppAsync();
        using var session = new AdminSession();
        var response = await session.LoginAsync(app.AdminKey, await session.FormTokenAsync(), returnUrl: "https://evil.example/");
        Assert.AreEqual("/admin/services", response.Headers.Location?.OriginalString);
    }

    [TestMethod]
    public async Task CookieApiCall_UnsafeWithoutCsrfHeader_Returns400AndWritesNothing_WithHeaderSucceeds()
    {
        var app = await TestHost.CreateAppAsync();
        using var session = new AdminSession();
        await session.SignInAsync(app.AdminKey);
        var body = new { service_name = "csrf-probe", service_type = "MOCK", mock_template_id = "weather_service_mock" };

        var refused = await session.Client.PostAsJsonAsync("/api/services", body);
        var problem = await refused.ProblemAsync(HttpStatusCode.BadRequest);
        StringAssert.Contains(problem["detail"]!.GetValue<string>(), "X-CSRF-TOKEN");
        var wrong = new HttpRequestMessage(HttpMethod.Post, "/api/services") { Content = JsonContent.Create(body) };
        wrong.Headers.Add("X-CSRF-TOKEN", "forged");
        await (await session.Client.SendAsync(wrong)).ProblemAsync(HttpStatusCode.BadRequest);
        using var admin = app.Admin();
        Assert.AreEqual(0, (await (await admin.GetAsync("/api/services")).JsonAsync(HttpStatusCode.OK))["total_count"]!.GetValue<int>());

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/services") { Content = JsonContent.Create(body) };
        request.Headers.Add("X-CSRF-TOKEN", await session.PageTokenAsync());
        var created = await (await session.Client.SendAsync(request)).JsonAsync(HttpStatusCode.Created);
        Assert.AreEqual(app.AppUuid.ToString(), created["app_uuid"]!.GetValue<string>());
        Assert.AreEqual("admin:admin", created["created_by"]!.GetValue<string>(), "the cookie carries the key's claims");
    }

    [TestMethod]
    public async Task CookieApiCall_SeesOnlyItsOwnApp_AndSafeCallsNeedNoHeader()
    {
        var app = await TestHost.CreateAppAsync();
        var other = await TestHost.CreateAppAsync();
        var foreign = await TestServices.CreateAsync(other, _ => { });
        var own = await TestServices.CreateAsync(app, _ => { });
        using var session = new AdminSession();
        await session.SignInAsync(app.AdminKey);

        var list = await (await session.Client.GetAsync("/api/services")).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual(1, list["total_count"]!.GetValue<int>());
        Assert.AreEqual(own.Id.ToString(), list["items"]![0]!["id"]!.GetValue<string>());
        Assert.AreEqual(HttpStatusCode.NotFound, (await session.Client.GetAsync($"/api/services/{foreign.Id}")).StatusCode);
    }

    [TestMethod]
    public async Task RevokedKey_EndsItsCookieSessions()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        var created = await (await admin.PostAsJsonAsync($"/api/apps/{app.AppUuid}/keys", new { role = "admin", name = "short-lived" })).JsonAsync(HttpStatusCode.Created);
        using var session = new AdminSession();
        await session.SignInAsync(created["key"]!.GetValue<string>());
        Assert.AreEqual(HttpStatusCode.OK, (await session.Client.GetAsync("/api/services")).StatusCode);

        await (await admin.DeleteAsync($"/api/apps/{app.AppUuid}/keys/{created["id"]!.GetValue<string>()}")).Content.ReadAsStringAsync();
        await (await session.Client.GetAsync("/api/services")).ProblemAsync(HttpStatusCode.Unauthorized);
        var page = await session.Client.GetAsync("/admin/services");
        Assert.AreEqual(HttpStatusCode.Redirect, page.StatusCode);
        StringAssert.Contains(page.Headers.Location?.OriginalString, "/admin/login");
    }

    [TestMethod]
    public async Task Logout_NeedsTheFormToken_ThenEndsTheSession()
    {
        var app = await TestHost.CreateAppAsync();
        using var session = new AdminSession();
        await session.SignInAsync(app.AdminKey);

        var forged = await session.Client.PostAsync("/admin/logout", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.AreEqual(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, (await session.Client.GetAsync("/admin/services")).StatusCode);

        var token = await session.FormTokenAsync("/admin/logout");
        var loggedOut = await session.Client.PostAsync("/admin/logout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.AreEqual(HttpStatusCode.Redirect, loggedOut.StatusCode);
        Assert.AreEqual(HttpStatusCode.Redirect, (await session.Client.GetAsync("/admin/services")).StatusCode);
    }

    [TestMethod]
    public async Task Api_WithoutKeyOrCookie_StillAnswers401ProblemDetails()
    {
        using var anonymous = TestHost.Anonymous();
        await (await anonymous.GetAsync("/api/services")).ProblemAsync(HttpStatusCode.Unauthorized);
    }
}
