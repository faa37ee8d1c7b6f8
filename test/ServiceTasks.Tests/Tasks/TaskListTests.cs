using System.Net;

namespace ServiceTasks.Tests.Tasks;

/// <summary>Listing tasks: filters by instance and status, and a bad filter named in the answer.</summary>
[TestClass]
public sealed class TaskListTests
{
    private static TestApp _app = null!;
    private static Guid _service;

    [ClassInitialize]
    public static async Task CreateAppAsync(TestContext _) => (_app, _service) = await TestServices.CreateAppWithServiceAsync();

    [TestMethod]
    [DataRow("status=DONE", "status")]
    [DataRow("service_config_id=abc", "service_config_id")]
    [DataRow("page_size=500", "page_size")]
    [DataRow("created_from=yesterday", "created_from")]
    [DataRow("created_from=2026-02-01&created_to=2026-01-01", "created_from")]
    [DataRow("cursor=abc", "cursor")]
    [DataRow("stauts=FAILED", "stauts")]
    [DataRow("service=weather", "service")]
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

    [TestMethod]
    public async Task List_FiltersByTaskIdServiceNameAndCreatedRange()
    {
        var instance = $"wf-{Guid.NewGuid():N}";
        var other = await TestServices.CreateAsync(_app, _ => { });
        var start = DateTimeOffset.UtcNow.AddDays(-10);
        var old = await WriteAsync(instance, "a", _service, start);
        var recent = await WriteAsync(instance, "b", _service, start.AddDays(5));
        var byOther = await WriteAsync(instance, "a", other.Id, start.AddDays(5));
        using var engine = _app.Engine();

        CollectionAssert.AreEquivalent(new[] { old.Id, byOther.Id }, await IdsAsync(engine, $"instance_id={instance}&task_id=a"));
        CollectionAssert.AreEquivalent(new[] { byOther.Id }, await IdsAsync(engine, $"instance_id={instance}&service_name={other.ServiceName.ToUpperInvariant()}"));
        CollectionAssert.AreEquivalent(new[] { byOther.Id }, await IdsAsync(engine, $"instance_id={instance}&service_config_id={other.Id}"));
        var from = Uri.EscapeDataString(start.AddDays(1).ToString("O"));
        var to = Uri.EscapeDataString(start.AddDays(5).ToString("O"));
        CollectionAssert.AreEquivalent(new[] { recent.Id, byOther.Id }, await IdsAsync(engine, $"instance_id={instance}&created_from={from}"));
        CollectionAssert.AreEquivalent(new[] { old.Id }, await IdsAsync(engine, $"instance_id={instance}&created_to={to}"));
    }

    [TestMethod]
    public async Task List_ByCursor_WalksEveryTaskOnce_NewestFirst_WhileNewOnesArrive()
    {
        var instance = $"wf-{Guid.NewGuid():N}";
        var written = new List<ServiceTask>();
        for (var i = 0; i < 7; i++) written.Add(await WriteAsync(instance, $"n{i}", _service, DateTimeOffset.UtcNow.AddMinutes(-i)));
        using var engine = _app.Engine();

        var seen = new List<Guid>();
        var page = await (await engine.GetAsync($"/api/service-tasks?instance_id={instance}&page_size=3")).JsonAsync(HttpStatusCode.OK);
        await WriteAsync(instance, "late", _service, DateTimeOffset.UtcNow.AddMinutes(1)); // newer than the walk's start: not in it
        while (true)
        {
            Assert.AreEqual(7, page["total_count"]!.GetValue<int>());
            seen.AddRange(page["items"]!.AsArray().Select(t => t!["id"]!.GetValue<Guid>()));
            if (page["next_cursor"]?.GetValue<string>() is not { } cursor) break;
            page = await (await engine.GetAsync($"/api/service-tasks?instance_id={instance}&page_size=3&cursor={Uri.EscapeDataString(cursor)}"))
                .JsonAsync(HttpStatusCode.OK);
        }
        CollectionAssert.AreEqual(written.Select(t => t.Id).ToList(), seen);
    }

    private static Task<ServiceTask> WriteAsync(string instance, string node, Guid service, DateTimeOffset createdAt) =>
        TestServices.WriteTaskAsync(_app, service, t =>
        {
            t.InstanceId = instance;
            t.TaskId = node;
            t.CreatedAt = createdAt;
            t.Status = ServiceTaskStatus.Cancelled;
            t.CompletedAt = createdAt;
            t.CallbackJobId = CompletionCallbacks.NoCallback;
        });

    private static async Task<List<Guid>> IdsAsync(HttpClient client, string query)
    {
        var list = await (await client.GetAsync($"/api/service-tasks?{query}")).JsonAsync(HttpStatusCode.OK);
        return list["items"]!.AsArray().Select(t => t!["id"]!.GetValue<Guid>()).ToList();
    }
}
