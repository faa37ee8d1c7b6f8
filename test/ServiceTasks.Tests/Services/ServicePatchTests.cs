using System.Net;

namespace ServiceTasks.Tests.Services;

[TestClass]
public sealed class ServicePatchTests
{
    [TestMethod]
    public async Task Patch_MergesMembers_RemovesNulls_BumpsVersionAndETag()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        var body = ServiceBodies.Real("merge");
        body["headers"] = new System.Text.Json.Nodes.JsonObject { ["X-A"] = "1", ["X-B"] = "2" };
        body["rate_limit_per_minute"] = 60;
        var id = (await ServiceBodies.CreateAsync(admin, body)).Id().ToString();

        var response = await ServiceBodies.PatchAsync(admin, id,
            """{"headers": {"X-B": null, "X-C": "3"}, "retry_policy": {"multiplier": 3}, "rate_limit_per_minute": null, "http_method": "POST"}""");
        var patched = await response.JsonAsync(HttpStatusCode.OK);

        Assert.AreEqual("\"v2\"", response.Headers.ETag?.ToString());
        Assert.AreEqual(2, patched["version"]!.GetValue<int>());
        Assert.AreEqual("""{"X-A":"1","X-C":"3"}""", patched["headers"]!.ToJsonString());
        Assert.AreEqual(3, patched["retry_policy"]!["multiplier"]!.GetValue<double>());
        Assert.AreEqual(2, patched["retry_policy"]!["initial_delay_seconds"]!.GetValue<double>());
        Assert.IsNull(patched["rate_limit_per_minute"]);
        Assert.AreEqual("POST", patched["http_method"]!.GetValue<string>());
        Assert.AreEqual(patched.ToJsonString(), (await ServiceBodies.GetAsync(admin, id)).ToJsonString());
    }

    [TestMethod]
    public async Task Patch_SendingReadOnlyFieldsWithTheirCurrentValues_IsAccepted()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        var created = await ServiceBodies.CreateAsync(admin, ServiceBodies.Mock());
        var patch = new System.Text.Json.Nodes.JsonObject
        {
            ["id"] = created["id"]!.DeepClone(), ["app_uuid"] = created["app_uuid"]!.DeepClone(), ["version"] = 1,
            ["created_by"] = created["created_by"]!.DeepClone(), ["created_at"] = created["created_at"]!.DeepClone(),
            ["description"] = "changed",
        };
        var patched = await (await ServiceBodies.PatchAsync(admin, created.Id().ToString(), patch.ToJsonString())).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual("changed", patched["description"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Patch_ThatChangesNothing_KeepsTheVersion()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        var created = await ServiceBodies.CreateAsync(admin, ServiceBodies.Mock());
        var response = await ServiceBodies.PatchAsync(admin, created.Id().ToString(), """{"mock_template_id": "weather_service_mock"}""");
        var patched = await response.JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual(1, patched["version"]!.GetValue<int>());
        Assert.AreEqual("\"v1\"", response.Headers.ETag?.ToString());
    }

    [TestMethod]
    public async Task Patch_WithMatchingIfMatch_Returns200_AndWithStaleOne412WithoutWriting()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        var id = (await ServiceBodies.CreateAsync(admin, ServiceBodies.Mock())).Id().ToString();

        await (await ServiceBodies.PatchAsync(admin, id, """{"description": "a"}""", "\"v1\"")).JsonAsync(HttpStatusCode.OK);
        await (await ServiceBodies.PatchAsync(admin, id, """{"description": "b"}""", "\"v1\"")).ProblemAsync(HttpStatusCode.PreconditionFailed);
        await (await ServiceBodies.PatchAsync(admin, id, """{"description": "b"}""", "garbage")).ProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.AreEqual("a", (await ServiceBodies.GetAsync(admin, id))["description"]!.GetValue<string>());

        await (await ServiceBodies.PatchAsync(admin, id, """{"description": "c"}""", "W/\"v2\"")).JsonAsync(HttpStatusCode.OK);
        await (await ServiceBodies.PatchAsync(admin, id, """{"description": "d"}""", "*")).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual(4, (await ServiceBodies.GetAsync(admin, id))["version"]!.GetValue<int>());
    }

    [TestMethod]
    public async Task Patch_RenamingOntoAnotherService_Returns409_ButChangingOnlyCaseIsFine()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        await ServiceBodies.CreateAsync(admin, ServiceBodies.Mock("taken"));
        var id = (await ServiceBodies.CreateAsync(admin, ServiceBodies.Mock("mine"))).Id().ToString();

        await (await ServiceBodies.PatchAsync(admin, id, """{"service_name": "TAKEN"}""")).ProblemAsync(HttpStatusCode.Conflict, "service_name");
        var renamed = await (await ServiceBodies.PatchAsync(admin, id, """{"service_name": "MINE"}""")).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual("MINE", renamed["service_name"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Patch_SwitchingRealToMock_NeedsTheRealMembersRemoved()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        var id = (await ServiceBodies.CreateAsync(admin, ServiceBodies.Real(authentication: ServiceBodies.Bearer("switch-token-1234")))).Id().ToString();

        var patched = await (await ServiceBodies.PatchAsync(admin, id,
            """{"service_type": "MOCK", "endpoint_url": null, "http_method": null, "authentication": null, "mock_template_id": "news_service_mock"}"""))
            .JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual("MOCK", patched["service_type"]!.GetValue<string>());
        Assert.IsNull(patched["authentication"]);
        Assert.IsNull(patched["endpoint_url"]);
    }

    [TestMethod]
    public async Task Patch_MockDefinitionOverTemplate_ValidatesTheEffectiveScenarios()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        var id = (await ServiceBodies.CreateAsync(admin, ServiceBodies.Mock())).Id().ToString();

        var ok = await ServiceBodies.PatchAsync(admin, id,
            """{"mock_definition": {"random_seed": 7, "success_response": {"city": "{{input.location.city}}", "n": [1, "{{ input.count }}"]}}}""");
        var patched = await ok.JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual(7, patched["mock_definition"]!["random_seed"]!.GetValue<int>());

        var bad = await ServiceBodies.PatchAsync(admin, id, """{"mock_definition": {"max_delay_ms": 50}}""");
        await bad.ProblemAsync(HttpStatusCode.BadRequest, "mock_definition.min_delay_ms");
    }
}
