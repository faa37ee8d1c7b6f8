using System.Net;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ServiceTasks.Auth;
using ServiceTasks.Tasks;
using ServiceTasks.Tests.Infrastructure;

namespace ServiceTasks.Tests.Tasks;

/// <summary>The pause is cluster-wide, so these tests run on a host and database of their own.</summary>
[TestClass]
public sealed class PauseTests
{
    private static ServiceTasksFactory _host = null!;
    private static string _operatorKey = "";

    [ClassInitialize]
    public static async Task StartHostAsync(TestContext _)
    {
        _host = new ServiceTasksFactory(await TestDatabase.CreateAsync("pause")).Start();
        _operatorKey = await _host.CreateKeyAsync(Roles.Operator, null);
    }

    [ClassCleanup]
    public static async Task StopHostAsync() => await _host.DisposeAsync();

    [TestMethod]
    public async Task Stop_KeepsNewTasksPending_ProcessOnceRunsOnlyThoseWaitingThen_StartRunsTheRest()
    {
        var app = await _host.CreateAppAsync(_operatorKey);
        var service = await TestServices.CreateAsync(app, _ => { });
        using var op = _host.CreateClient(_operatorKey);
        using var engine = app.Engine();

        var stopped = await (await op.PostAsync("/api/workers/service-tasks?action=stop", null)).JsonAsync(HttpStatusCode.OK);
        Assert.IsTrue(stopped["paused"]!.GetValue<bool>());

        var early = new[] { await TestServices.EnqueueAsync(engine, service.Id), await TestServices.EnqueueAsync(engine, service.Id) };
        await WaitForParkedAsync(2);
        foreach (var id in early) await AssertPendingWithoutAttemptsAsync(engine, id);

        await (await op.PostAsync("/api/workers/service-tasks?action=process-once", null)).JsonAsync(HttpStatusCode.OK);
        var late = await TestServices.EnqueueAsync(engine, service.Id);
        foreach (var id in early) await TestServices.WaitForStatusAsync(engine, id, "COMPLETED");
        await WaitForParkedAsync(1);
        await AssertPendingWithoutAttemptsAsync(engine, late);

        var workers = await (await op.GetAsync("/api/workers/service-tasks")).JsonAsync(HttpStatusCode.OK);
        Assert.IsTrue(workers["paused"]!.GetValue<bool>(), "process-once leaves the pause as it was");
        Assert.AreEqual(1, workers["total"]!["pending"]!.GetValue<int>());
        Assert.AreEqual(2, workers["total"]!["completed"]!.GetValue<int>());
        Assert.IsNotEmpty(workers["servers"]!.AsArray());

        var started = await (await op.PostAsync("/api/workers/service-tasks?action=start", null)).JsonAsync(HttpStatusCode.OK);
        Assert.IsFalse(started["paused"]!.GetValue<bool>());
        await TestServices.WaitForStatusAsync(engine, late, "COMPLETED");
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("?action=pause")]
    public async Task Act_WithUnknownAction_Returns400NamingAction(string query)
    {
        using var op = _host.CreateClient(_operatorKey);
        await (await op.PostAsync($"/api/workers/service-tasks{query}", null)).ProblemAsync(HttpStatusCode.BadRequest, "action");
    }

    [TestMethod]
    public async Task Act_AsAdmin_Returns403_AndGetShowsOnlyItsAppWithoutServers()
    {
        var app = await _host.CreateAppAsync(_operatorKey);
        using var admin = app.Admin();
        await (await admin.PostAsync("/api/workers/service-tasks?action=stop", null)).ProblemAsync(HttpStatusCode.Forbidden);

        var workers = await (await admin.GetAsync("/api/workers/service-tasks")).JsonAsync(HttpStatusCode.OK);
        Assert.IsNull(workers["servers"]);
        Assert.IsTrue(workers["per_app"]!.AsArray().All(a => a!["app_uuid"]!.GetValue<string>() == app.AppUuid.ToString()));
    }

    private static async Task AssertPendingWithoutAttemptsAsync(HttpClient engine, Guid taskId)
    {
        var task = await (await engine.GetAsync($"/api/service-tasks/{taskId}")).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual("PENDING", task["status"]!.GetValue<string>());
        Assert.AreEqual(0, task["attempts"]!.GetValue<int>());
    }

    private static Task<int> WaitForParkedAsync(int count) => Eventually.WaitAsync(
        () =>
        {
            using var connection = _host.Services.GetRequiredService<JobStorage>().GetConnection();
            return Task.FromResult(connection.GetAllItemsFromSet(ClusterPause.ParkedSet).Count);
        },
        n => n == count, TimeSpan.FromSeconds(30), $"{count} parked jobs");
}
