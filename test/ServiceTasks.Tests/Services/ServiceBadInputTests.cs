using System.Net;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Tests.Services;

/// <summary>Every bad body to a service write answers a 4xx problem naming the field, and writes nothing.</summary>
[TestClass]
public sealed class ServiceBadInputTests
{
    private static TestApp _app = null!;
    private static string _id = "";

    [ClassInitialize]
    public static async Task CreateServiceAsync(TestContext _)
    {
        _app = await TestHost.CreateAppAsync();
        using var admin = _app.Admin();
        _id = (await ServiceBodies.CreateAsync(admin, ServiceBodies.Real("existing", ServiceBodies.Bearer("tok-existing-1234")))).Id().ToString();
    }

    public static IEnumerable<object[]> BadPatches =>
    [
        ["[1]", "body"],
        ["\"text\"", "body"],
        ["""{"bogus": 1}""", "bogus"],
        ["""{"id": "00000000-0000-0000-0000-000000000001"}""", "id"],
        ["""{"app_uuid": "00000000-0000-0000-0000-000000000001"}""", "app_uuid"],
        ["""{"version": 99}""", "version"],
        ["""{"version": null}""", "version"],
        ["""{"created_by": "someone-else"}""", "created_by"],
        ["""{"created_at": "2020-01-01T00:00:00Z"}""", "created_at"],
        ["""{"service_name": null}""", "service_name"],
        ["""{"service_type": null}""", "service_type"],
        ["""{"service_type": "MOCK"}""", "endpoint_url"],
        ["""{"endpoint_url": "relative/path"}""", "endpoint_url"],
        ["""{"timeout_seconds": "x"}""", "timeout_seconds"],
        ["""{"authentication": {"token": null}}""", "authentication.token"],
        ["""{"authentication": {"type": "basic", "username": "u"}}""", "authentication.password"],
        ["""{"retry_policy": {"jitter": "some"}}""", "retry_policy.jitter"],
    ];

    public static IEnumerable<object[]> BadImports =>
    [
        ["{}", "services"],
        ["""{"services": null}""", "services"],
        ["""{"services": [null]}""", "services[0]"],
        ["""{"services": {}}""", "services"],
        ["""{"services": [{"service_name": "ok-1", "service_type": "MOCK", "mock_template_id": "news_service_mock"}, {"service_name": "bad", "service_type": "REAL", "endpoint_url": "/x"}]}""", "services[1].endpoint_url"],
        ["""{"services": [{"service_name": "dup", "service_type": "MOCK", "mock_template_id": "news_service_mock"}, {"service_name": "DUP", "service_type": "MOCK", "mock_template_id": "news_service_mock"}]}""", "services[1].service_name"],
        ["""{"services": [{"service_name": "ok-2", "service_type": "MOCK", "mock_template_id": "news_service_mock"}, {"service_name": "typed", "service_type": "MOCK", "timeout_seconds": "x"}]}""", "services[1].timeout_seconds"],
        ["""{"services": [{"service_name": "needs-secret", "service_type": "REAL", "endpoint_url": "https://a.example/x", "authentication": {"type": "bearer"}}]}""", "services[0].authentication.token"],
    ];

    [TestMethod]
    [DynamicData(nameof(ServiceBadBodies.Posts), typeof(ServiceBadBodies))]
    public Task Post_WithBadBody_Returns400NamingTheField_AndWritesNothing(string body, string field) =>
        AssertRejectedAsync(HttpMethod.Post, "/api/services", body, field);

    [TestMethod]
    [DynamicData(nameof(BadPatches))]
    public Task Patch_WithBadBody_Returns400NamingTheField_AndWritesNothing(string body, string field) =>
        AssertRejectedAsync(HttpMethod.Patch, $"/api/services/{_id}", body, field);

    [TestMethod]
    [DynamicData(nameof(BadImports))]
    public Task Import_WithBadFile_Returns400NamingTheItemField_AndWritesNothing(string body, string field) =>
        AssertRejectedAsync(HttpMethod.Post, "/api/services/import", body, field);

    [TestMethod]
    [DataRow("POST", "/api/services")]
    [DataRow("PATCH", "/api/services/{id}")]
    [DataRow("POST", "/api/services/import")]
    public async Task Write_WithTwoMebibyteBody_Returns413_AndWritesNothing(string method, string route)
    {
        var before = await StateAsync();
        using var admin = _app.Admin();
        var body = $$"""{"service_name": "huge", "description": "{{new string('x', 2 * 1024 * 1024)}}"}""";
        var response = await admin.SendRawAsync(new HttpMethod(method), route.Replace("{id}", _id), body);
        await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.AreEqual(before, await StateAsync());
    }

    [TestMethod]
    [DataRow("/api/services?service_type=SOAP", "service_type")]
    [DataRow("/api/services?is_active=maybe", "is_active")]
    [DataRow("/api/services?page=0", "page")]
    [DataRow("/api/services?page_size=201", "page_size")]
    [DataRow("/api/services/{id}/versions?page_size=0", "page_size")]
    [DataRow("/api/mock-templates?page=x", "page")]
    public async Task Read_WithBadQuery_Returns400NamingTheParameter(string route, string field)
    {
        using var engine = _app.Engine();
        await (await engine.GetAsync(route.Replace("{id}", _id))).ProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [TestMethod]
    public async Task Import_WithBadDryRunFlag_Returns400NamingIt()
    {
        using var admin = _app.Admin();
        var response = await admin.SendRawAsync(HttpMethod.Post, "/api/services/import?dry_run=perhaps", """{"services": []}""");
        await response.ProblemAsync(HttpStatusCode.BadRequest, "dry_run");
    }

    private static async Task AssertRejectedAsync(HttpMethod method, string route, string body, string field)
    {
        var before = await StateAsync();
        using var admin = _app.Admin();
        body = ServiceBadBodies.Expand(body);
        var response = await admin.SendRawAsync(method, route, body);
        await response.ProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.AreEqual(before, await StateAsync());
    }

    private static async Task<string> StateAsync()
    {
        await using var scope = TestHost.DbScope(out var db);
        var services = await db.ServiceConfigurations.AsNoTracking().Where(s => s.AppUuid == _app.AppUuid)
            .OrderBy(s => s.Id).Select(s => $"{s.Id}:{s.ServiceName}:{s.Version}:{s.UpdatedAt.Ticks}").ToListAsync();
        var versions = await db.ServiceConfigurationVersions.CountAsync(v => v.AppUuid == _app.AppUuid);
        return $"{string.Join(',', services)}|{versions}";
    }
}
