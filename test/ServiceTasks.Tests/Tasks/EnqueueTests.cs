using System.Net;
using System.Net.Http.Json;

namespace ServiceTasks.Tests.Tasks;

/// <summary>Enqueueing a task: finding its service (by id or name, only in the caller's app) and refusing a bad body.</summary>
[TestClass]
public sealed class EnqueueTests
{
    private static TestApp _app = null!;
    private static Guid _service;

    [ClassInitialize]
    public static async Task CreateAppAsync(TestContext _) => (_app, _service) = await TestServices.CreateAppWithServiceAsync();

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
}
