using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ServiceTasks.Tests.Tasks;

/// <summary>A replay answers the task it repeats, whatever happened to the service since; a new key still meets the service.</summary>
[TestClass]
public sealed class ReplayTests
{
    private static TestApp _app = null!;

    [ClassInitialize]
    public static async Task CreateAppAsync(TestContext _) => _app = await TestHost.CreateAppAsync();

    [TestMethod]
    public async Task Replay_AfterTheServiceWasDeactivated_Returns200WithTheOriginalTask()
    {
        var (service, body, original) = await EnqueueOnNewServiceAsync(byName: false, key: "deactivated");
        await PatchAsync(service, """{"is_active": false}""");

        var replay = await (await SendAsync(body, "deactivated")).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual(original, replay["id"]!.GetValue<string>());
        await (await SendAsync(With(body, "task_id", "other"), "deactivated")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await SendAsync(body, "a-new-key")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [TestMethod]
    public async Task Replay_ByTheOldNameAfterTheServiceWasRenamed_Returns200WithTheOriginalTask()
    {
        var (service, body, original) = await EnqueueOnNewServiceAsync(byName: true, key: null);
        await PatchAsync(service, $$"""{"service_name": "renamed-{{Guid.NewGuid():N}}"}""");

        var replay = await (await SendAsync(body, key: null)).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual(original, replay["id"]!.GetValue<string>());
        // A new task by the old name: that name is gone.
        await (await SendAsync(With(body, "task_id", "node-2"), key: null)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [TestMethod]
    public async Task Replay_AfterTheServiceWasDeleted_Returns200WithTheOriginalTask()
    {
        var (service, body, original) = await EnqueueOnNewServiceAsync(byName: false, key: "deleted");
        using var engine = _app.Engine();
        await TestServices.WaitForStatusAsync(engine, Guid.Parse(original), "COMPLETED");
        using var admin = _app.Admin();
        Assert.AreEqual(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/services/{service}")).StatusCode);

        var replay = await (await SendAsync(body, "deleted")).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual(original, replay["id"]!.GetValue<string>());
        Assert.AreEqual("COMPLETED", replay["status"]!.GetValue<string>());
        await (await SendAsync(With(body, "input_data", new JsonObject { ["n"] = 2 }), "deleted")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await SendAsync(body, "a-new-key")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [TestMethod]
    public async Task Replay_ByServiceIdOfATaskEnqueuedByName_IsAnotherBody_Returns422()
    {
        var (service, body, _) = await EnqueueOnNewServiceAsync(byName: true, key: "by-name");
        body.Remove("service_name");
        body["service_config_id"] = service.ToString();
        await (await SendAsync(body, "by-name")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [TestMethod]
    public async Task Replay_OfATaskAnEarlierVersionFingerprintedByServiceId_Returns200_AndAnotherBody422()
    {
        var service = await TestServices.CreateAsync(_app, _ => { });
        var instance = $"wf-{Guid.NewGuid():N}";
        // Earlier versions hashed the resolved service id in place of the name or id sent.
        var earlier = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            new JsonArray(service.Id.ToString(), instance, "node-1", new JsonObject { ["n"] = 1 }, null).ToJsonString())));
        var task = await TestServices.WriteTaskAsync(_app, service.Id, t =>
        {
            t.InstanceId = instance;
            t.TaskId = "node-1";
            t.Status = ServiceTaskStatus.Completed;
            t.IdempotencyKey = RequestFingerprint.DefaultKey(instance, "node-1");
            t.RequestHash = earlier;
            t.CompletedAt = DateTimeOffset.UtcNow;
        });

        var body = new JsonObject
        {
            ["service_name"] = service.ServiceName, ["instance_id"] = instance, ["task_id"] = "node-1", ["input_data"] = new JsonObject { ["n"] = 1 },
        };
        var replay = await (await SendAsync(body, key: null)).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual(task.Id.ToString(), replay["id"]!.GetValue<string>());
        await (await SendAsync(With(body, "input_data", new JsonObject { ["n"] = 2 }), key: null)).ProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    private static async Task<(Guid Service, JsonObject Body, string TaskId)> EnqueueOnNewServiceAsync(bool byName, string? key)
    {
        var service = await TestServices.CreateAsync(_app, _ => { });
        JsonObject body = byName ? new() { ["service_name"] = service.ServiceName } : new() { ["service_config_id"] = service.Id.ToString() };
        body["instance_id"] = $"wf-{Guid.NewGuid():N}";
        body["task_id"] = "node-1";
        body["input_data"] = new JsonObject { ["n"] = 1 };
        var created = await (await SendAsync(body, key)).JsonAsync(HttpStatusCode.Accepted);
        return (service.Id, body, created["id"]!.GetValue<string>());
    }

    private static async Task<HttpResponseMessage> SendAsync(JsonObject body, string? key)
    {
        using var engine = _app.Engine();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/service-tasks") { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("Idempotency-Key", $"{key}-{body["instance_id"]}");
        return await engine.SendAsync(request);
    }

    private static JsonObject With(JsonObject body, string member, JsonNode? value)
    {
        var changed = body.DeepClone().AsObject();
        changed[member] = value;
        return changed;
    }

    private static async Task PatchAsync(Guid service, string patch)
    {
        using var admin = _app.Admin();
        await (await ServiceBodies.PatchAsync(admin, service.ToString(), patch)).JsonAsync(HttpStatusCode.OK);
    }
}
