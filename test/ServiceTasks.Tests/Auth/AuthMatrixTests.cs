using System.Net;
using System.Net.Http.Json;

namespace ServiceTasks.Tests.Auth;

[TestClass]
public sealed class AuthMatrixTests
{
    private static TestApp _mine = null!;
    private static TestApp _theirs = null!;

    [ClassInitialize]
    public static async Task CreateAppsAsync(TestContext _)
    {
        _mine = await TestHost.CreateAppAsync();
        _theirs = await TestHost.CreateAppAsync();
    }

    public static IEnumerable<object[]> AppRoutes =>
    [
        ["GET", "/api/apps/{app}"],
        ["PATCH", "/api/apps/{app}"],
        ["GET", "/api/apps/{app}/keys"],
        ["POST", "/api/apps/{app}/keys"],
        ["DELETE", "/api/apps/{app}/keys/00000000-0000-0000-0000-000000000001"],
    ];

    [TestMethod]
    [DynamicData(nameof(AppRoutes))]
    public async Task AppRoute_WithoutKey_Returns401(string method, string route)
    {
        using var client = TestHost.Anonymous();
        await (await SendAsync(client, method, route, _mine)).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [TestMethod]
    [DynamicData(nameof(AppRoutes))]
    public async Task AppRoute_WithUnknownKey_Returns401(string method, string route)
    {
        using var client = TestHost.Factory.CreateClient("st_not-a-real-key-at-all-000000000000000000");
        await (await SendAsync(client, method, route, _mine)).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [TestMethod]
    [DynamicData(nameof(AppRoutes))]
    public async Task AppRoute_WithEngineKey_Returns403(string method, string route)
    {
        using var client = _mine.Engine();
        await (await SendAsync(client, method, route, _mine)).ProblemAsync(HttpStatusCode.Forbidden);
    }

    [TestMethod]
    [DynamicData(nameof(AppRoutes))]
    public async Task AppRoute_WithAnotherAppsId_Returns404(string method, string route)
    {
        using var client = _mine.Admin();
        var response = await SendAsync(client, method, route, _theirs);
        Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode, await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(_theirs.AppUuid.ToString(), await response.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public async Task PostApp_AsAdmin_Returns403()
    {
        using var client = _mine.Admin();
        await (await client.PostAsJsonAsync("/api/apps", new { name = "sneaky" })).ProblemAsync(HttpStatusCode.Forbidden);
    }

    [TestMethod]
    public async Task UnknownAppId_AsOperator_Returns404()
    {
        using var client = TestHost.Operator();
        Assert.AreEqual(HttpStatusCode.NotFound, (await client.GetAsync($"/api/apps/{Guid.NewGuid()}/keys")).StatusCode);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string route, TestApp target)
    {
        var url = route.Replace("{app}", target.AppUuid.ToString());
        var body = method switch
        {
            "POST" => """{"role":"engine","name":"x"}""",
            "PATCH" => """{"name":"renamed"}""",
            _ => null,
        };
        return body is null
            ? client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url))
            : client.SendRawAsync(new HttpMethod(method), url, body);
    }
}
