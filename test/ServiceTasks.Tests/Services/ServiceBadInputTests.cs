using System.Net;
using Microsoft.EntityFrameworkCore;
using ServiceTasks.Tests.Infrastructure;

namespace ServiceTasks.Tests.Services;

/// <summary>Every bad body to a service write answers a 4xx problem naming the field, and writes nothing.</summary>
[TestClass]
public sealed class ServiceBadInputTests
{
    // Bodies below write @REAL and @MOCK for these members, and @LONG201 / @LONG2001 for strings of that length.
    private const string Real = "\"service_name\": \"bad-input\", \"service_type\": \"REAL\", \"endpoint_url\": \"https://api.example.com/x\"";
    private const string Mock = "\"service_name\": \"bad-input\", \"service_type\": \"MOCK\"";
    private static TestApp _app = null!;
    private static string _id = "";

    [ClassInitialize]
    public static async Task CreateServiceAsync(TestContext _)
    {
        _app = await TestHost.CreateAppAsync();
        using var admin = _app.Admin();
        _id = (await ServiceBodies.CreateAsync(admin, ServiceBodies.Real("existing", ServiceBodies.Bearer("tok-existing-1234")))).Id().ToString();
    }

    public static IEnumerable<object[]> BadPosts =>
    [
        ["{", "body"],
        ["[]", "body"],
        ["null", "body"],
        ["""{"service_name": 5, "service_type": "REAL"}""", "service_name"],
        ["""{"service_type": "REAL", "endpoint_url": "https://a.example/x"}""", "service_name"],
        ["""{"service_name": "@LONG201", "service_type": "MOCK", "mock_template_id": "news_service_mock"}""", "service_name"],
        ["""{"service_name": "x", "endpoint_url": "https://a.example/x"}""", "service_type"],
        ["""{"service_name": "x", "service_type": "SOAP"}""", "service_type"],
        ["""{"service_name": "x", "service_type": "REAL"}""", "endpoint_url"],
        ["""{"service_name": "x", "service_type": "REAL", "endpoint_url": "/api/customers"}""", "endpoint_url"],
        ["""{"service_name": "x", "service_type": "REAL", "endpoint_url": "ftp://files.example/x"}""", "endpoint_url"],
        ["""{@REAL, "http_method": "FETCH"}""", "http_method"],
        ["""{@REAL, "timeout_seconds": 0}""", "timeout_seconds"],
        ["""{@REAL, "timeout_seconds": 301}""", "timeout_seconds"],
        ["""{@REAL, "timeout_seconds": "30"}""", "timeout_seconds"],
        ["""{@REAL, "timeout_seconds": 2.5}""", "timeout_seconds"],
        ["""{@REAL, "max_retries": 11}""", "max_retries"],
        ["""{@REAL, "max_retries": -1}""", "max_retries"],
        ["""{@REAL, "authentication": {"type": "kerberos"}}""", "authentication.type"],
        ["""{@REAL, "authentication": {"type": "bearer"}}""", "authentication.token"],
        ["""{@REAL, "authentication": {"type": "bearer", "token": ""}}""", "authentication.token"],
        ["""{@REAL, "authentication": {"type": "bearer", "token": "***1234"}}""", "authentication.token"],
        ["""{@REAL, "authentication": {"type": "bearer", "token": "t", "password": "p"}}""", "authentication.password"],
        ["""{@REAL, "authentication": {"type": "basic", "username": "u"}}""", "authentication.password"],
        ["""{@REAL, "authentication": {"type": "basic", "password": "p"}}""", "authentication.username"],
        ["""{@REAL, "authentication": {"type": "api_key", "header_name": "X-Key"}}""", "authentication.api_key"],
        ["""{@REAL, "authentication": {"type": "api_key", "api_key": "k", "header_name": "X-Key", "query_param": "key"}}""", "authentication.query_param"],
        ["""{@REAL, "authentication": {"type": "api_key", "api_key": "k", "header_name": "Bad Header"}}""", "authentication.header_name"],
        ["""{@REAL, "authentication": {"type": "oauth2_client_credentials", "token_url": "/token", "client_id": "c", "client_secret": "s"}}""", "authentication.token_url"],
        ["""{@REAL, "authentication": {"type": "oauth2_client_credentials", "token_url": "https://id.example/token", "client_id": "c"}}""", "authentication.client_secret"],
        ["""{@REAL, "authentication": {"type": "oauth2_client_credentials", "token_url": "https://id.example/token", "client_secret": "s"}}""", "authentication.client_id"],
        ["""{@REAL, "authentication": {"type": "bearer", "token": "t", "realm": "x"}}""", "authentication.realm"],
        ["""{@REAL, "retry_policy": {"initial_delay_seconds": 0}}""", "retry_policy.initial_delay_seconds"],
        ["""{@REAL, "retry_policy": {"multiplier": 0.5}}""", "retry_policy.multiplier"],
        ["""{@REAL, "retry_policy": {"initial_delay_seconds": 10, "max_delay_seconds": 5}}""", "retry_policy.max_delay_seconds"],
        ["""{@REAL, "retry_policy": {"jitter": "half"}}""", "retry_policy.jitter"],
        ["""{@REAL, "retry_policy": {"deadline_seconds": 0}}""", "retry_policy.deadline_seconds"],
        ["""{@REAL, "retry_policy": {"max_attempts": 4}}""", "retry_policy.max_attempts"],
        ["""{@REAL, "retry_policy": {"multiplier": null}}""", "retry_policy.multiplier"],
        ["""{@REAL, "timeout": 30}""", "timeout"],
        ["""{@REAL, "rate_limit_per_minute": 0}""", "rate_limit_per_minute"],
        ["""{@REAL, "max_concurrency": 0}""", "max_concurrency"],
        ["""{@REAL, "circuit_breaker": {"failure_threshold": 0}}""", "circuit_breaker.failure_threshold"],
        ["""{@REAL, "circuit_breaker": {"break_seconds": 0}}""", "circuit_breaker.break_seconds"],
        ["""{@REAL, "headers": {"Bad Header": "v"}}""", "headers.Bad Header"],
        ["""{@REAL, "headers": {"X-Count": 3}}""", "headers.X-Count"],
        ["""{@REAL, "headers": {"X-Inject": "a\r\nHost: evil"}}""", "headers.X-Inject"],
        ["""{@REAL, "headers": ["X-A"]}""", "headers"],
        ["""{@REAL, "description": "@LONG2001"}""", "description"],
        ["""{@REAL, "send_idempotency_key": "yes"}""", "send_idempotency_key"],
        ["""{@REAL, "is_active": "true"}""", "is_active"],
        ["""{@REAL, "mock_template_id": "weather_service_mock"}""", "mock_template_id"],
        ["""{@MOCK}""", "mock_template_id"],
        ["""{@MOCK, "mock_template_id": "stock_ticker_mock"}""", "mock_template_id"],
        ["""{@MOCK, "mock_template_id": "weather_service_mock", "endpoint_url": "https://a.example/x"}""", "endpoint_url"],
        ["""{@MOCK, "mock_template_id": "weather_service_mock", "authentication": {"type": "none"}}""", "authentication"],
        ["""{@MOCK, "mock_definition": {"error_scenarios": [{"probability": 1.5}]}}""", "mock_definition.error_scenarios[0].probability"],
        ["""{@MOCK, "mock_definition": {"error_scenarios": [{"probability": -0.1}]}}""", "mock_definition.error_scenarios[0].probability"],
        ["""{@MOCK, "mock_definition": {"error_scenarios": [{"probability": 0.7}, {"probability": 0.5}]}}""", "mock_definition.error_scenarios"],
        ["""{@MOCK, "mock_template_id": "data_validation_mock", "mock_definition": {"error_scenarios": [{"probability": 0.9}, {"probability": 0.2}]}}""", "mock_definition.error_scenarios"],
        ["""{@MOCK, "mock_definition": {"error_scenarios": [{"probability": 0.1, "delay_ms": -5}]}}""", "mock_definition.error_scenarios[0].delay_ms"],
        ["""{@MOCK, "mock_definition": {"error_scenarios": [{"probability": 0.1, "status_code": 200}]}}""", "mock_definition.error_scenarios[0].status_code"],
        ["""{@MOCK, "mock_definition": {"min_delay_ms": -1}}""", "mock_definition.min_delay_ms"],
        ["""{@MOCK, "mock_definition": {"min_delay_ms": 900, "max_delay_ms": 100}}""", "mock_definition.min_delay_ms"],
        ["""{@MOCK, "mock_template_id": "news_service_mock", "mock_definition": {"min_delay_ms": 600}}""", "mock_definition.min_delay_ms"],
        ["""{@MOCK, "mock_definition": {"success_response": {"name": "{{input.}}"}}}""", "mock_definition.success_response.name"],
        ["""{@MOCK, "mock_definition": {"success_response": {"name": "{{input.first"}}}""", "mock_definition.success_response.name"],
        ["""{@MOCK, "mock_definition": {"success_response": {"list": ["{{secrets.key}}"]}}}""", "mock_definition.success_response.list[0]"],
        ["""{@MOCK, "mock_definition": {"success_response": {"a": {"b": "x {{input.a-b}}"}}}}""", "mock_definition.success_response.a.b"],
        ["""{@MOCK, "mock_definition": {"random_seed": "abc"}}""", "mock_definition.random_seed"],
        ["""{@MOCK, "mock_definition": {"error_scenarios": [{"probability": 0.1, "chance": 2}]}}""", "mock_definition.error_scenarios[0].chance"],
    ];

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
    [DynamicData(nameof(BadPosts))]
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
        body = body.Replace("@REAL", Real).Replace("@MOCK", Mock)
            .Replace("@LONG201", new string('n', 201)).Replace("@LONG2001", new string('d', 2001));
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
