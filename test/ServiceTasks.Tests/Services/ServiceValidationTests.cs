using System.Net;
using System.Text.Json.Nodes;

namespace ServiceTasks.Tests.Services;

/// <summary>The good side of every rule: values at the edges of each range are accepted and stored as sent.</summary>
[TestClass]
public sealed class ServiceValidationTests
{
    private static TestApp _app = null!;

    [ClassInitialize]
    public static async Task CreateAppAsync(TestContext _) => _app = await TestHost.CreateAppAsync();

    // Each row: members added to a valid REAL (or MOCK) body, then a path in the answer and the value expected there.
    public static IEnumerable<object[]> GoodReal =>
    [
        ["""{"http_method": "POST"}""", "http_method", "\"POST\""],
        ["""{"http_method": "PUT"}""", "http_method", "\"PUT\""],
        ["""{"http_method": "DELETE"}""", "http_method", "\"DELETE\""],
        ["""{"http_method": "PATCH"}""", "http_method", "\"PATCH\""],
        ["""{"endpoint_url": "http://10.0.0.5:8080/api?x=1"}""", "endpoint_url", "\"http://10.0.0.5:8080/api?x=1\""],
        ["""{"timeout_seconds": 1, "max_retries": 0}""", "timeout_seconds", "1"],
        ["""{"timeout_seconds": 300, "max_retries": 10}""", "max_retries", "10"],
        ["""{"authentication": {"type": "none"}}""", "authentication.type", "\"none\""],
        ["""{"authentication": {"type": "api_key", "api_key": "k-123456789"}}""", "authentication.header_name", "\"X-API-Key\""],
        ["""{"authentication": {"type": "api_key", "api_key": "k-123456789", "header_name": "X-Custom-Key"}}""", "authentication.header_name", "\"X-Custom-Key\""],
        ["""{"authentication": {"type": "api_key", "api_key": "k-123456789", "query_param": "apikey"}}""", "authentication.query_param", "\"apikey\""],
        ["""{"authentication": {"type": "basic", "username": "svc", "password": "p-123456789"}}""", "authentication.username", "\"svc\""],
        ["""{"authentication": {"type": "oauth2_client_credentials", "token_url": "https://id.example/token", "client_id": "cid", "client_secret": "s-123456789"}}""", "authentication.client_id", "\"cid\""],
        ["""{"authentication": {"type": "oauth2_client_credentials", "token_url": "https://id.example/token", "client_id": "cid", "client_secret": "s-123456789", "scope": "read write"}}""", "authentication.scope", "\"read write\""],
        ["""{"retry_policy": {"initial_delay_seconds": 0.1, "multiplier": 1, "max_delay_seconds": 0.1, "jitter": "none"}}""", "retry_policy.multiplier", "1"],
        ["""{"retry_policy": {"deadline_seconds": 0.5}}""", "retry_policy.deadline_seconds", "0.5"],
        ["""{"rate_limit_per_minute": 1, "max_concurrency": 1}""", "max_concurrency", "1"],
        ["""{"circuit_breaker": {"failure_threshold": 1, "break_seconds": 1}}""", "circuit_breaker.break_seconds", "1"],
        ["""{"circuit_breaker": {}}""", "circuit_breaker.failure_threshold", "5"],
        ["""{"headers": {"X-Trace_ID.v2": "a b;c", "Accept": "application/json"}}""", "headers.Accept", "\"application/json\""],
        ["""{"send_idempotency_key": false, "is_active": false}""", "send_idempotency_key", "false"],
        ["""{"description": "@LONG2000"}""", "description", "\"@LONG2000\""],
    ];

    public static IEnumerable<object[]> GoodMock =>
    [
        ["""{"mock_template_id": "news_service_mock"}""", "mock_template_id", "\"news_service_mock\""],
        ["""{"mock_template_id": "document_generator_mock"}""", "mock_template_id", "\"document_generator_mock\""],
        ["""{"mock_template_id": "data_validation_mock"}""", "mock_template_id", "\"data_validation_mock\""],
        ["""{"mock_template_id": null, "mock_definition": {}}""", "mock_definition", "{}"],
        ["""{"mock_template_id": null, "mock_definition": {"success_response": {"greeting": "Hello {{input.person.first_name}}, {{ input.id }}!"}}}""",
            "mock_definition.success_response.greeting", "\"Hello {{input.person.first_name}}, {{ input.id }}!\""],
        ["""{"mock_template_id": null, "mock_definition": {"min_delay_ms": 0, "max_delay_ms": 0}}""", "mock_definition.max_delay_ms", "0"],
        ["""{"mock_template_id": null, "mock_definition": {"error_scenarios": [{"probability": 0.25}, {"probability": 0.75, "status_code": 503, "delay_ms": 0, "retryable": true}]}}""",
            "mock_definition.error_scenarios", "[{\"probability\":0.25},{\"probability\":0.75,\"status_code\":503,\"delay_ms\":0,\"retryable\":true}]"],
        ["""{"mock_definition": {"error_scenarios": [], "random_seed": 42, "max_delay_ms": 100}}""", "mock_definition.random_seed", "42"],
        ["""{"mock_definition": {"error_scenarios": [{"probability": 1}]}}""", "mock_definition.error_scenarios", "[{\"probability\":1}]"],
    ];

    [TestMethod]
    [DynamicData(nameof(GoodReal))]
    public Task Post_RealWithValidEdgeValues_Returns201AndStoresThem(string members, string path, string expected) =>
        AssertAcceptedAsync(ServiceBodies.Real(), members, path, expected);

    [TestMethod]
    [DynamicData(nameof(GoodMock))]
    public Task Post_MockWithValidEdgeValues_Returns201AndStoresThem(string members, string path, string expected) =>
        AssertAcceptedAsync(ServiceBodies.Mock(), members, path, expected);

    [TestMethod]
    public async Task Post_NameOf200Characters_IsAccepted_AndTrimmed()
    {
        using var admin = _app.Admin();
        var name = ServiceBodies.UniqueName() + new string('n', 200 - 17);
        var created = await ServiceBodies.CreateAsync(admin, ServiceBodies.Mock("  " + name + " "));
        Assert.AreEqual(name, created["service_name"]!.GetValue<string>());
    }

    private static async Task AssertAcceptedAsync(JsonObject body, string members, string path, string expected)
    {
        members = members.Replace("@LONG2000", new string('d', 2000));
        expected = expected.Replace("@LONG2000", new string('d', 2000));
        foreach (var (name, value) in JsonNode.Parse(members)!.AsObject()) body[name] = value?.DeepClone();
        using var admin = _app.Admin();

        var created = await ServiceBodies.CreateAsync(admin, body);

        var stored = await ServiceBodies.GetAsync(admin, created.Id().ToString());
        JsonNode? node = stored;
        foreach (var segment in path.Split('.')) node = node?[segment];
        Assert.AreEqual(expected, node?.ToJsonString() ?? "null", stored.ToJsonString());
    }
}
