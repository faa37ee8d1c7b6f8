using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ServiceTasks.Tests.Services;

/// <summary>
/// The service documents keep their members in one order and read a null setting as "use the default": clients
/// that compare answers as text, or send every member with nulls for the unset ones, rely on both.
/// </summary>
[TestClass]
public sealed class ServiceDocumentShapeTests
{
    private static readonly string[] Settings =
    [
        "service_name", "description", "service_type", "endpoint_url", "http_method", "headers", "authentication",
        "send_idempotency_key", "timeout_seconds", "max_retries", "retry_policy", "rate_limit_per_minute",
        "max_concurrency", "circuit_breaker", "is_active",
    ];

    private static JsonObject EverySetting() => new()
    {
        ["service_name"] = ServiceBodies.UniqueName("shape"), ["description"] = "d", ["service_type"] = "REAL",
        ["endpoint_url"] = ServiceBodies.Endpoint, ["http_method"] = "POST", ["headers"] = new JsonObject { ["X-A"] = "1" },
        ["authentication"] = ServiceBodies.Bearer("shape-token-1234"), ["timeout_seconds"] = 10, ["max_retries"] = 1,
        ["rate_limit_per_minute"] = 60, ["max_concurrency"] = 2, ["circuit_breaker"] = new JsonObject { ["failure_threshold"] = 3 },
    };

    private static string[] Names(JsonNode? document) => [.. document!.AsObject().Select(m => m.Key)];

    [TestMethod]
    public async Task Get_AnswersIdentityThenSettingsThenServerMembers_InOneOrder()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        var created = await ServiceBodies.CreateAsync(admin, EverySetting());

        string[] expected = ["id", "app_uuid", .. Settings, "version", "created_by", "created_at", "updated_at"];
        CollectionAssert.AreEqual(expected, Names(created), string.Join(", ", Names(created)));
        var read = await ServiceBodies.GetAsync(admin, created.Id().ToString());
        CollectionAssert.AreEqual((string[])[.. expected, "circuit_state"], Names(read), string.Join(", ", Names(read)));
        var versions = await (await admin.GetAsync($"/api/services/{created.Id()}/versions")).JsonAsync(HttpStatusCode.OK);
        CollectionAssert.AreEqual(expected, Names(versions["items"]![0]!["snapshot"]));
    }

    [TestMethod]
    public async Task Export_ItemsHoldTheSettingsOnly_InTheSameOrder()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        await ServiceBodies.CreateAsync(admin, EverySetting());

        var export = await (await admin.GetAsync("/api/services/export")).JsonAsync(HttpStatusCode.OK);
        var item = export["services"]![0];
        CollectionAssert.AreEqual(Settings, Names(item), string.Join(", ", Names(item)));
        Assert.AreEqual("""{"type":"bearer"}""", item!["authentication"]!.ToJsonString());
    }

    [TestMethod]
    public async Task Post_SettingsSentAsNull_TakeTheirDefaults()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        var body = ServiceBodies.Real();
        foreach (var name in (string[])["description", "http_method", "headers", "send_idempotency_key", "timeout_seconds",
                     "max_retries", "retry_policy", "rate_limit_per_minute", "max_concurrency", "circuit_breaker", "is_active"])
            body[name] = null;

        var service = await ServiceBodies.CreateAsync(admin, body);
        Assert.AreEqual("GET", service["http_method"]!.GetValue<string>());
        Assert.IsTrue(service["send_idempotency_key"]!.GetValue<bool>());
        Assert.AreEqual(30, service["timeout_seconds"]!.GetValue<int>());
        Assert.AreEqual(3, service["max_retries"]!.GetValue<int>());
        Assert.AreEqual("""{"initial_delay_seconds":2,"multiplier":2,"max_delay_seconds":300,"jitter":"full"}""", service["retry_policy"]!.ToJsonString());
        Assert.IsTrue(service["is_active"]!.GetValue<bool>());
        Assert.IsNull(service["headers"]);
        Assert.IsNull(service["circuit_breaker"]);
    }

    [TestMethod]
    public async Task Import_ItemWithNullSettings_IsUnchangedAgainstTheDefaults()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        var created = await ServiceBodies.CreateAsync(admin, ServiceBodies.Mock());
        var item = ServiceBodies.Mock(created["service_name"]!.GetValue<string>());
        item["timeout_seconds"] = null;
        item["is_active"] = null;
        item["retry_policy"] = null;

        var file = new JsonObject { ["services"] = new JsonArray(item) };
        var result = await (await admin.PostAsJsonAsync("/api/services/import", file)).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual("unchanged", result["items"]![0]!["action"]!.GetValue<string>(), result.ToJsonString());
    }
}
