using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Tests.Tasks;

/// <summary>The same enqueue sent again, at once or later, makes one task; a bad Idempotency-Key is refused.</summary>
[TestClass]
public sealed class EnqueueIdempotencyTests
{
    private static TestApp _app = null!;
    private static Guid _service;

    [ClassInitialize]
    public static async Task CreateAppAsync(TestContext _) => (_app, _service) = await TestServices.CreateAppWithServiceAsync();

    [TestMethod]
    public async Task Post_TwentyIdenticalRequestsInParallel_CreateOneTask()
    {
        var body = new { service_config_id = _service, instance_id = $"wf-{Guid.NewGuid():N}", task_id = "n1", input_data = new { a = 1 } };
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var engine = _app.Engine();
            return await engine.PostAsJsonAsync("/api/service-tasks", body);
        }));

        Assert.AreEqual(1, responses.Count(r => r.StatusCode == HttpStatusCode.Accepted));
        Assert.AreEqual(19, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.JsonAsync(r.StatusCode))["id"]!.GetValue<string>()));
        Assert.HasCount(1, ids.Distinct());
        await using var scope = TestHost.DbScope(out var db);
        Assert.AreEqual(1, await db.ServiceTasks.CountAsync(t => t.InstanceId == body.instance_id));
        // Each request creates its job in the transaction of its row, so the nineteen replays' jobs rolled back with them.
        var jobs = await db.Database.SqlQueryRaw<int>(
            "SELECT count(*)::int AS \"Value\" FROM hangfire.job WHERE arguments::text LIKE {0}", $"%{ids[0]}%").SingleAsync();
        Assert.AreEqual(1, jobs);
    }

    [TestMethod]
    public async Task Post_SameIdempotencyKeyWithEqualJson_ReturnsTheOriginal_AndWithAnotherBody_Returns422()
    {
        using var engine = _app.Engine();
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> Send(string json) =>
            await engine.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/service-tasks")
            {
                Headers = { { "Idempotency-Key", key } },
                Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
            });

        var first = await (await Send($$$"""{"service_config_id": "{{{_service}}}", "instance_id": "i", "task_id": "t", "input_data": {"a": 1, "b": 2}}"""))
            .JsonAsync(HttpStatusCode.Accepted);
        var replay = await (await Send($$$"""{"input_data": {"b": 2, "a": 1}, "task_id": "t", "instance_id": "i", "service_config_id": "{{{_service}}}"}"""))
            .JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual(first["id"]!.GetValue<string>(), replay["id"]!.GetValue<string>());

        await (await Send($$$"""{"service_config_id": "{{{_service}}}", "instance_id": "i", "task_id": "t", "input_data": {"a": 2}}"""))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("has space")]
    [DataRow("tab\tinside")]
    [DataRow("a-key-that-is-far-too-long-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    public async Task Post_WithBadIdempotencyKey_Returns400NamingTheHeader(string key)
    {
        using var engine = _app.Engine();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/service-tasks")
        {
            Content = JsonContent.Create(new { service_config_id = _service, instance_id = "i", task_id = "t" }),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        await (await engine.SendAsync(request)).ProblemAsync(HttpStatusCode.BadRequest, "Idempotency-Key");
    }
}
