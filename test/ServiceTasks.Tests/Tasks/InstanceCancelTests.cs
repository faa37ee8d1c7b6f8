using System.Net;
using System.Net.Http.Json;

namespace ServiceTasks.Tests.Tasks;

/// <summary>POST /api/service-tasks/cancel: every unfinished task of one workflow instance, in the caller's app only.</summary>
[TestClass]
public sealed class InstanceCancelTests
{
    private static TestApp _app = null!;
    private static Guid _service;

    [ClassInitialize]
    public static async Task CreateAppAsync(TestContext _) => (_app, _service) = await TestServices.CreateAppWithServiceAsync();

    [TestMethod]
    public async Task Cancel_OfAnInstance_CancelsItsPendingAndRunningTasks_AndLeavesTheRest()
    {
        var instance = $"wf-{Guid.NewGuid():N}";
        var pending = await TaskAsync(instance, "a", ServiceTaskStatus.Pending);
        var running = await TaskAsync(instance, "b", ServiceTaskStatus.Running);
        var completed = await TaskAsync(instance, "c", ServiceTaskStatus.Completed);
        var elsewhere = await TaskAsync($"wf-{Guid.NewGuid():N}", "a", ServiceTaskStatus.Pending);
        using var engine = _app.Engine();

        var answer = await (await engine.PostAsJsonAsync("/api/service-tasks/cancel", new { instance_id = instance })).JsonAsync(HttpStatusCode.OK);

        Assert.AreEqual(1, answer["cancelled"]!.GetValue<int>());
        Assert.AreEqual(1, answer["cancel_requested"]!.GetValue<int>());
        var tasks = answer["tasks"]!.AsArray().ToDictionary(t => t!["id"]!.GetValue<Guid>());
        Assert.AreEqual("CANCELLED", tasks[pending.Id]!["status"]!.GetValue<string>());
        Assert.AreEqual("RUNNING", tasks[running.Id]!["status"]!.GetValue<string>());
        Assert.IsTrue(tasks[running.Id]!["cancel_requested"]!.GetValue<bool>());
        Assert.AreEqual("COMPLETED", await StatusAsync(engine, completed.Id));
        Assert.AreEqual("PENDING", await StatusAsync(engine, elsewhere.Id));
    }

    [TestMethod]
    public async Task Cancel_WithTaskIds_CancelsOnlyThoseTasksOfTheInstance()
    {
        var instance = $"wf-{Guid.NewGuid():N}";
        var a = await TaskAsync(instance, "a", ServiceTaskStatus.Pending);
        var b = await TaskAsync(instance, "b", ServiceTaskStatus.Pending);
        using var engine = _app.Engine();

        var answer = await (await engine.PostAsJsonAsync("/api/service-tasks/cancel", new { instance_id = instance, task_ids = new[] { "a", "zz" } }))
            .JsonAsync(HttpStatusCode.OK);

        Assert.AreEqual(1, answer["cancelled"]!.GetValue<int>());
        Assert.AreEqual(a.Id, answer["tasks"]![0]!["id"]!.GetValue<Guid>());
        Assert.AreEqual("PENDING", await StatusAsync(engine, b.Id));
    }

    [TestMethod]
    public async Task Cancel_OfAnotherAppsInstance_CancelsNothing()
    {
        var instance = $"wf-{Guid.NewGuid():N}";
        var task = await TaskAsync(instance, "a", ServiceTaskStatus.Pending);
        using var other = (await TestHost.CreateAppAsync()).Engine();

        var answer = await (await other.PostAsJsonAsync("/api/service-tasks/cancel", new { instance_id = instance })).JsonAsync(HttpStatusCode.OK);

        Assert.AreEqual(0, answer["cancelled"]!.GetValue<int>());
        Assert.AreEqual(0, answer["cancel_requested"]!.GetValue<int>());
        using var engine = _app.Engine();
        Assert.AreEqual("PENDING", await StatusAsync(engine, task.Id));
    }

    [TestMethod]
    [DataRow("""{}""", "instance_id")]
    [DataRow("""{"instance_id": " "}""", "instance_id")]
    [DataRow("""{"instance_id": "wf", "task_ids": []}""", "task_ids")]
    [DataRow("""{"instance_id": "wf", "task_ids": [""]}""", "task_ids[0]")]
    [DataRow("""{"instance_id": "wf", "task_id": "a"}""", "task_id")]
    public async Task Cancel_WithABadBody_Returns400NamingTheField(string body, string field)
    {
        using var engine = _app.Engine();
        await (await engine.SendRawAsync(HttpMethod.Post, "/api/service-tasks/cancel", body)).ProblemAsync(HttpStatusCode.BadRequest, field);
    }

    private static Task<ServiceTask> TaskAsync(string instance, string node, string status) =>
        TestServices.WriteTaskAsync(_app, _service, t =>
        {
            t.InstanceId = instance;
            t.TaskId = node;
            t.Status = status;
            t.NextAttemptAt = status == ServiceTaskStatus.Pending ? DateTimeOffset.UtcNow.AddHours(1) : null;
            t.CompletedAt = ServiceTaskStatus.IsTerminal(status) ? DateTimeOffset.UtcNow : null;
            t.CallbackJobId = ServiceTaskStatus.IsTerminal(status) ? CompletionCallbacks.NoCallback : null;
        });

    private static async Task<string> StatusAsync(HttpClient client, Guid id) =>
        (await (await client.GetAsync($"/api/service-tasks/{id}")).JsonAsync(HttpStatusCode.OK))["status"]!.GetValue<string>();
}
