using System.Net;

namespace ServiceTasks.Tests.Auth;

/// <summary>
/// 401 and 403 answer whatever the client accepts: a page asked for as HTML gets HTML (a redirect to the login or a
/// short refusal page), anything else problem+json. Never a 500 because no writer matched the Accept header.
/// </summary>
[TestClass]
public sealed class AuthAnswersTests
{
    public static IEnumerable<object[]> Accepts => [["text/html"], ["*/*"], ["application/json"], ["application/xml"], [""]];

    private static HttpRequestMessage Get(string path, string accept, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept != "") request.Headers.TryAddWithoutValidation("Accept", accept);
        if (key is not null) request.Headers.Add("X-Api-Key", key);
        return request;
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string accept, bool page)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(status, response.StatusCode, body);
        var expected = page && accept == "text/html" ? "text/html" : "application/problem+json";
        Assert.AreEqual(expected, response.Content.Headers.ContentType?.MediaType, body);
        StringAssert.Contains(body, ((int)status).ToString());
    }

    [TestMethod]
    [DynamicData(nameof(Accepts))]
    public async Task Dashboard_ForAnAdminKeyOrCookie_Answers403_WhateverTheAccept(string accept)
    {
        var app = await TestHost.CreateAppAsync();
        using var anonymous = new AdminSession(asBrowser: false);
        using var byKey = await anonymous.Client.SendAsync(Get("/hangfire", accept, app.AdminKey));
        await AssertRefusedAsync(byKey, HttpStatusCode.Forbidden, accept, page: true);

        using var session = new AdminSession(asBrowser: false);
        await session.SignInAsync(app.AdminKey);
        using var byCookie = await session.Client.SendAsync(Get("/hangfire", accept));
        await AssertRefusedAsync(byCookie, HttpStatusCode.Forbidden, accept, page: true);
    }

    [TestMethod]
    [DynamicData(nameof(Accepts))]
    public async Task Api_ForAWrongRoleOrNoKey_Answers403Or401_WhateverTheAccept(string accept)
    {
        var app = await TestHost.CreateAppAsync();
        using var client = new AdminSession(asBrowser: false);
        using var wrongRole = await client.Client.SendAsync(Get("/api/apps", accept, app.EngineKey));
        await AssertRefusedAsync(wrongRole, HttpStatusCode.Forbidden, accept, page: false);
        using var noKey = await client.Client.SendAsync(Get("/api/services", accept));
        await AssertRefusedAsync(noKey, HttpStatusCode.Unauthorized, accept, page: false);
        using var badKey = await client.Client.SendAsync(Get("/api/services", accept, "st_not-a-key"));
        await AssertRefusedAsync(badKey, HttpStatusCode.Unauthorized, accept, page: false);
    }

    [TestMethod]
    [DataRow("/hangfire")]
    [DataRow("/admin/services")]
    [DataRow("/admin/logs")]
    public async Task Page_Anonymous_BrowserIsRedirectedToLogin_OtherClientsGet401(string path)
    {
        using var client = new AdminSession(asBrowser: false);
        foreach (var accept in Accepts.Select(a => (string)a[0]))
        {
            using var response = await client.Client.SendAsync(Get(path, accept));
            if (accept == "text/html")
            {
                Assert.AreEqual(HttpStatusCode.Redirect, response.StatusCode, accept);
                StringAssert.Contains(response.Headers.Location?.OriginalString, "/admin/login?ReturnUrl=", accept);
                continue;
            }
            await AssertRefusedAsync(response, HttpStatusCode.Unauthorized, accept, page: true);
            Assert.AreEqual("Bearer", response.Headers.WwwAuthenticate.ToString(), accept);
        }
    }
}
