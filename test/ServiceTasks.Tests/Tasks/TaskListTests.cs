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
