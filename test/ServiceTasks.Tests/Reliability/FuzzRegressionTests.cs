using System.Net;

namespace ServiceTasks.Tests.Reliability;

/// <summary>Each request the fuzzers found answering 5xx, kept as a case of its own: all are 400s naming the field.</summary>
[TestClass]
public sealed class FuzzRegressionTests
{
    private static TestApp _app = null!;
    private static Guid _serviceId;

    [ClassInitialize]
    public static async Task InitializeAsync(TestContext _) => (_app, _serviceId) = await TestServices.CreateAppWithServiceAsync();

    private static async Task AssertBadRequestAsync(HttpMethod method, string url, string body, string field, HttpClient? client = null)
    {
        using var owned = client is null ? _app.Admin() : null;
        var response = await (client ?? owned!).SendRawAsync(method, url, body);
        await response.ProblemAsync(HttpStatusCode.BadRequest, field);
    }

    private static async Task AssertBadQueryAsync(string url, string field)
    {
        using var admin = _app.Admin();
        await (await admin.GetAsync(url)).ProblemAsync(HttpStatusCode.BadRequest, field);
    }

    private static string Task(string instanceId, string inputData) =>
        $$"""{"service_config_id": "{{_serviceId}}", "instance_id": {{instanceId}}, "task_id": "t", "input_data": {{inputData}}}""";

    [TestMethod]
    public Task PatchService_LoneSurrogateName_Returns400() =>
        AssertBadRequestAsync(HttpMethod.Patch, $"/api/services/{_serviceId}", """{"service_name": "\ud800"}""", "service_name");

    [TestMethod]
    public Task PostService_ReversedSurrogatesInDescription_Returns400() =>
        AssertBadRequestAsync(HttpMethod.Post, "/api/services",
            """{"service_name": "s", "service_type": "MOCK", "description": "\udc00\ud800"}""", "description");

    [TestMethod]
    public Task PostService_NulInDescription_Returns400() =>
        AssertBadRequestAsync(HttpMethod.Post, "/api/services",
            """{"service_name": "s", "service_type": "MOCK", "mock_template_id": "weather_service_mock", "description": "x\u0000y"}""", "description");

    [TestMethod]
    public Task PostService_NulInHeaderValue_Returns400() =>
        AssertBadRequestAsync(HttpMethod.Post, "/api/services",
            """{"service_name": "s", "service_type": "REAL", "endpoint_url": "http://127.0.0.1:1/", "headers": {"X-A": "a\u0000"}}""", "headers.X-A");

    [TestMethod]
    public Task PostService_NulInMockDefinitionMember_Returns400() =>
        AssertBadRequestAsync(HttpMethod.Post, "/api/services",
            """{"service_name": "s", "service_type": "MOCK", "mock_definition": {"success_response": {"list": [1, "\u0000"]}}}""",
            "mock_definition.success_response.list[1]");

    [TestMethod]
    public Task PostServiceTask_NulInInstanceId_Returns400() =>
        AssertBadRequestAsync(HttpMethod.Post, "/api/service-tasks", Task("\"wf\\u0000\"", "{}"), "instance_id", _app.Engine());

    [TestMethod]
    public Task PostServiceTask_NulInInputDataValue_Returns400() =>
        AssertBadRequestAsync(HttpMethod.Post, "/api/service-tasks", Task("\"wf\"", """{"name": "A\u0000"}"""), "input_data.name", _app.Engine());

    [TestMethod]
    public Task PostServiceTask_NulInInputDataMemberName_Returns400() =>
        AssertBadRequestAsync(HttpMethod.Post, "/api/service-tasks", Task("\"wf\"", """{"a\u0000": 1}"""), "input_data", _app.Engine());

    [TestMethod]
    public Task PostServiceTask_LoneSurrogateInInputData_Returns400() =>
        AssertBadRequestAsync(HttpMethod.Post, "/api/service-tasks", Task("\"wf\"", """{"deep": [{"x": "\udfff"}]}"""), "input_data.deep[0].x", _app.Engine());

    [TestMethod]
    public Task ListServices_NulInSearch_Returns400() => AssertBadQueryAsync("/api/services?search=%00", "search");

    [TestMethod]
    public Task ListServices_InvalidUtf8InSearch_Returns400() => AssertBadQueryAsync("/api/services?search=%FF", "search");

    [TestMethod]
    public Task ListTasks_NulInInstanceId_Returns400() => AssertBadQueryAsync("/api/service-tasks?instance_id=wf%00", "instance_id");

    [TestMethod]
    public Task ListLogs_NulInServiceName_Returns400() => AssertBadQueryAsync("/api/services/logs?service_name=%00x", "service_name");

    [TestMethod]
    public async Task GetService_NulOrInvalidUtf8InRouteValue_Returns4xx()
    {
        using var admin = _app.Admin();
        foreach (var url in new[] { "/api/services/%00", "/api/services/%FF", "/api/services/a%00b/versions", "/api/service-tasks/%ED%A0%80" })
        {
            var status = (int)(await admin.GetAsync(url)).StatusCode;
            Assert.IsTrue(status is >= 400 and < 500, $"{url}: {status}");
        }
    }

    [TestMethod]
    public Task PatchApp_UnknownHeadersMember_Returns400() =>
        AssertBadRequestAsync(HttpMethod.Patch, $"/api/apps/{_app.AppUuid}", """{"headers": {"X-A": "b"}}""", "headers");

    [TestMethod]
    public Task PatchApp_CircuitBreakerArray_Returns400() =>
        AssertBadRequestAsync(HttpMethod.Patch, $"/api/apps/{_app.AppUuid}", """{"circuit_breaker": [1, 2]}""", "circuit_breaker");

    [TestMethod]
    public Task PatchApp_NameOfWrongType_Returns400() =>
        AssertBadRequestAsync(HttpMethod.Patch, $"/api/apps/{_app.AppUuid}", """{"name": {"a": 1}}""", "name");

    [TestMethod]
    public Task PatchApp_UnknownHeadersMemberWithLoneSurrogate_Returns400() =>
        AssertBadRequestAsync(HttpMethod.Patch, $"/api/apps/{_app.AppUuid}", """{"headers": {"X-A": "\ud800"}}""", "headers.X-A");

    [TestMethod]
    public Task PatchApp_ReversedSurrogatesInCallbackUrl_Returns400() =>
        AssertBadRequestAsync(HttpMethod.Patch, $"/api/apps/{_app.AppUuid}", """{"callback_url": "\udc00\ud800"}""", "callback_url");

    [TestMethod]
    public Task PostApp_NulInName_Returns400() =>
        AssertBadRequestAsync(HttpMethod.Post, "/api/apps", """{"name": "\u0000"}""", "name", TestHost.Operator());

    [TestMethod]
    public Task PatchService_LoneSurrogateAsHeaders_Returns400() =>
        AssertBadRequestAsync(HttpMethod.Patch, $"/api/services/{_serviceId}", """{"headers": "\ud800"}""", "headers");

    [TestMethod]
    public async Task AdminLoginForm_NulInKey_Returns400()
    {
        using var anonymous = TestHost.Anonymous();
        var response = await anonymous.SendRawAsync(HttpMethod.Post, "/admin/login", "Key=a%00b", "application/x-www-form-urlencoded");
        await response.ProblemAsync(HttpStatusCode.BadRequest, "Key");
    }
}
