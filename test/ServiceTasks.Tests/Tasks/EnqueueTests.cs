using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Tests.Tasks;

[TestClass]
public sealed class EnqueueTests
{
    private static TestApp _app = null!;
    private static Guid _service;

    [ClassInitialize]
    public static async Task CreateAppAsync(TestContext _)
    {
        _app = await TestHost.CreateAppAsync();
        _service = (await TestServices.CreateAsync(_app, _ => { })).Id;
    }

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
    public async Task Post_UnknownService_Returns404_AndInactiveService_Returns422()
    {
        using var engine = _app.Engine();
        await (await engine.PostAsJsonAsync("/api/service-tasks", new { service_config_id = Guid.NewGuid(), instance_id = "i", task_id = "t" }))
            .ProblemAsync(HttpStatusCode.NotFound);
        await (await engine.PostAsJsonAsync("/api/service-tasks", new { service_name = "no-such-service", instance_id = "i", task_id = "t" }))
            .ProblemAsync(HttpStatusCode.NotFound);

        var inactive = await TestServices.CreateAsync(_app, s => s.IsActive = false);
        await (await engine.PostAsJsonAsync("/api/service-tasks", new { service_config_id = inactive.Id, instance_id = "i", task_id = "t" }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [TestMethod]
    public async Task Post_ByServiceNameIgnoringCase_FindsTheService()
    {
        var service = await TestServices.CreateAsync(_app, s => s.ServiceName = $"Mixed-Case-{Guid.NewGuid():N}");
        using var engine = _app.Engine();
        var response = await engine.PostAsJsonAsync("/api/service-tasks",
            new { service_name = service.ServiceName.ToUpperInvariant(), instance_id = "i", task_id = Guid.NewGuid().ToString() });
        var task = await response.JsonAsync(HttpStatusCode.Accepted);
        Assert.AreEqual(service.Id.ToString(), task["service_config_id"]!.GetValue<string>());
        Assert.AreEqual($"/api/service-tasks/{task["id"]}", response.Headers.Location?.OriginalString);
    }

    [TestMethod]
    public async Task Post_ByAnotherAppsServiceId_Returns404()
    {
        var other = await TestHost.CreateAppAsync();
        var theirs = await TestServices.CreateAsync(other, _ => { });
        using var engine = _app.Engine();
        await (await engine.PostAsJsonAsync("/api/service-tasks", new { service_config_id = theirs.Id, instance_id = "i", task_id = "t" }))
            .ProblemAsync(HttpStatusCode.NotFound);
    }

    public static IEnumerable<object[]> BadBodies =>
    [
        ["""{"instance_id": "i", "task_id": "t"}""", "service_config_id"],
        ["""{"service_config_id": "not-a-uuid", "instance_id": "i", "task_id": "t"}""", "service_config_id"],
        ["""{"service_name": "x", "task_id": "t"}""", "instance_id"],
        ["""{"service_name": "x", "instance_id": "i", "task_id": 5}""", "task_id"],
        ["""{"service_name": "x", "instance_id": "", "task_id": "t"}""", "instance_id"],
        ["""{"service_name": "x", "instance_id": "i", "task_id": "t", "input_data": [1, 2]}""", "input_data"],
        ["""{"service_name": "x", "instance_id": "i", "task_id": "t", "callback_url": "/relative"}""", "callback_url"],
        ["""{"service_name": "x", "instance_id": "i", "task_id": "t", "priority": 1}""", "priority"],
        ["""{"service_name": "x", "instance_id": "i",""", "body"],
    ];

    [TestMethod]
    [DynamicData(nameof(BadBodies))]
    public async Task Post_WithBadBody_Returns400NamingTheField(string body, string field)
    {
        using var engine = _app.Engine();
        await (await engine.SendRawAsync(HttpMethod.Post, "/api/service-tasks", body)).ProblemAsync(HttpStatusCode.BadRequest, field);
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

    [TestMethod]
    [DataRow("status=DONE", "status")]
    [DataRow("service_config_id=abc", "service_config_id")]
    [DataRow("page_size=500", "page_size")]
    public async Task List_WithBadFilter_Returns400NamingTheField(string query, string field)
    {
        using var engine = _app.Engine();
        await (await engine.GetAsync($"/api/service-tasks?{query}")).ProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [TestMethod]
    public async Task List_FiltersByInstanceAndStatus()
    {
        using var engine = _app.Engine();
        var taskId = await TestServices.EnqueueAsync(engine, _service);
        var task = await TestServices.WaitForStatusAsync(engine, taskId, "COMPLETED");
        var instance = task["instance_id"]!.GetValue<string>();

        var list = await (await engine.GetAsync($"/api/service-tasks?instance_id={instance}&status=COMPLETED")).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual(1, list["total_count"]!.GetValue<int>());
        var none = await (await engine.GetAsync($"/api/service-tasks?instance_id={instance}&status=FAILED")).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual(0, none["total_count"]!.GetValue<int>());
    }
}
