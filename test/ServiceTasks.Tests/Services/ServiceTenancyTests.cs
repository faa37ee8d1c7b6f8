using System.Net;
using System.Net.Http.Json;

namespace ServiceTasks.Tests.Services;

/// <summary>Every service route is scoped to the caller's app; engine keys read, only admins write.</summary>
[TestClass]
public sealed class ServiceTenancyTests
{
    private static TestApp _mine = null!;
    private static TestApp _theirs = null!;
    private static string _theirId = "";

    [ClassInitialize]
    public static async Task CreateAppsAsync(TestContext _)
    {
        _mine = await TestHost.CreateAppAsync();
        _theirs = await TestHost.CreateAppAsync();
        using var theirAdmin = _theirs.Admin();
        _theirId = (await ServiceBodies.CreateAsync(theirAdmin, ServiceBodies.Real("their-secret-service", ServiceBodies.Bearer("their-token-abcd")))).Id().ToString();
    }

    public static IEnumerable<object?[]> IdRoutes =>
    [
        ["GET", "/api/services/{id}", null],
        ["PATCH", "/api/services/{id}", """{"description": "hijacked"}"""],
        ["DELETE", "/api/services/{id}", null],
        ["GET", "/api/services/{id}/versions", null],
        ["POST", "/api/services/{id}/versions/1/restore", null],
    ];

    public static IEnumerable<object?[]> WriteRoutes =>
    [
        ["POST", "/api/services", """{"service_name": "x", "service_type": "MOCK", "mock_template_id": "news_service_mock"}"""],
        ["PATCH", "/api/services/{id}", """{"description": "x"}"""],
        ["DELETE", "/api/services/{id}", null],
        ["POST", "/api/services/{id}/versions/1/restore", null],
        ["POST", "/api/services/import", """{"services": []}"""],
    ];

    [TestMethod]
    [DynamicData(nameof(IdRoutes))]
    public async Task AnotherAppsAdmin_GetsNotFound_AndChangesNothing(string method, string route, string? body)
    {
        using var admin = _mine.Admin();
        var response = await SendAsync(admin, method, route.Replace("{id}", _theirId), body);

        await response.ProblemAsync(HttpStatusCode.NotFound);
        using var owner = _theirs.Admin();
        var service = await ServiceBodies.GetAsync(owner, _theirId);
        Assert.AreEqual(1, service["version"]!.GetValue<int>());
    }

    [TestMethod]
    public async Task AnotherAppsLists_ExportAndImport_NeverShowThisAppsServices()
    {
        using var admin = _mine.Admin();
        using var engine = _mine.Engine();
        string[] answers =
        [
            await (await admin.GetAsync("/api/services")).Content.ReadAsStringAsync(),
            await (await engine.GetAsync("/api/services?search=their")).Content.ReadAsStringAsync(),
            await (await admin.GetAsync("/api/services/export")).Content.ReadAsStringAsync(),
        ];
        foreach (var answer in answers)
        {
            Assert.DoesNotContain(_theirId, answer);
            Assert.DoesNotContain("their-secret-service", answer);
        }

        // The same name in this app is a create here, never an update of the other app's row.
        var import = await admin.PostAsJsonAsync("/api/services/import?dry_run=true", new
        {
            services = new[] { new { service_name = "their-secret-service", service_type = "MOCK", mock_template_id = "news_service_mock" } },
        });
        Assert.AreEqual("create", (await import.JsonAsync(HttpStatusCode.OK))["items"]![0]!["action"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task EngineKey_CanRead()
    {
        using var engine = _theirs.Engine();
        await ServiceBodies.GetAsync(engine, _theirId);
        await (await engine.GetAsync("/api/services")).JsonAsync(HttpStatusCode.OK);
        await (await engine.GetAsync($"/api/services/{_theirId}/versions")).JsonAsync(HttpStatusCode.OK);
        await (await engine.GetAsync("/api/services/export")).JsonAsync(HttpStatusCode.OK);
        await (await engine.GetAsync("/api/mock-templates")).JsonAsync(HttpStatusCode.OK);
    }

    [TestMethod]
    [DynamicData(nameof(WriteRoutes))]
    public async Task EngineKey_GetsForbiddenOnWrites(string method, string route, string? body)
    {
        using var engine = _theirs.Engine();
        var response = await SendAsync(engine, method, route.Replace("{id}", _theirId), body);
        await response.ProblemAsync(HttpStatusCode.Forbidden);
    }

    [TestMethod]
    [DynamicData(nameof(WriteRoutes))]
    public async Task NoKey_GetsUnauthorized(string method, string route, string? body)
    {
        using var anonymous = TestHost.Anonymous();
        var response = await SendAsync(anonymous, method, route.Replace("{id}", _theirId), body);
        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string route, string? body) =>
        body is null ? client.SendAsync(new HttpRequestMessage(new HttpMethod(method), route)) : client.SendRawAsync(new HttpMethod(method), route, body);
}
