using System.Net;
using Npgsql;

namespace ServiceTasks.Tests.Operations;

/// <summary>
/// The pause is cluster-wide, so these tests run the real executable on a database of its own. (A second in-process
/// host is not an option: Hangfire keeps its log provider and activator in statics that the first host owns.)
/// </summary>
[TestClass]
public sealed class PauseTests
{
    private static ServiceProcess _host = null!;
    private static string _connectionString = "";
    private static StandaloneSeed _seed = null!;

    [ClassInitialize]
    public static async Task StartHostAsync(TestContext _)
    {
        _connectionString = await TestDatabase.CreateAsync("pause");
        _host = ServiceProcess.Start(new Dictionary<string, string?> { ["ConnectionStrings__ServiceTasks"] = _connectionString });
        using var probe = new HttpClient { BaseAddress = _host.BaseAddress };
        await Readiness.WaitReadyAsync(probe);
        _seed = await StandaloneSeed.WriteAsync(_connectionString);
    }

    [ClassCleanup]
    public static async Task StopHostAsync() => await _host.DisposeAsync();

    [TestMethod]
    public async Task Stop_KeepsNewTasksPending_ProcessOnceRunsOnlyThoseWaitingThen_StartRunsTheRest()
    {
        using var op = Client(_seed.OperatorKey);
        using var engine = Client(_seed.EngineKey);

        var stopped = await (await op.PostAsync("/api/workers/service-tasks?action=stop", null)).JsonAsync(HttpStatusCode.OK);
        Assert.IsTrue(stopped["paused"]!.GetValue<bool>());

        var early = new[] { await TestServices.EnqueueAsync(engine, _seed.ServiceId), await TestServices.EnqueueAsync(engine, _seed.ServiceId) };
        await WaitForParkedAsync(2);
        foreach (var id in early) await AssertPendingWithoutAttemptsAsync(engine, id);

        await (await op.PostAsync("/api/workers/service-tasks?action=process-once", null)).JsonAsync(HttpStatusCode.OK);
        foreach (var id in early) await TestServices.WaitForStatusAsync(engine, id, "COMPLETED");
        var late = await TestServices.EnqueueAsync(engine, _seed.ServiceId);
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
        using var op = Client(_seed.OperatorKey);
        await (await op.PostAsync($"/api/workers/service-tasks{query}", null)).ProblemAsync(HttpStatusCode.BadRequest, "action");
    }

    [TestMethod]
    public async Task Act_AsAdmin_Returns403_AndGetShowsOnlyItsAppWithoutServers()
    {
        using var admin = Client(_seed.AdminKey);
        await (await admin.PostAsync("/api/workers/service-tasks?action=stop", null)).ProblemAsync(HttpStatusCode.Forbidden);

        var workers = await (await admin.GetAsync("/api/workers/service-tasks")).JsonAsync(HttpStatusCode.OK);
        Assert.IsNull(workers["servers"]);
        Assert.IsTrue(workers["per_app"]!.AsArray().All(a => a!["app_uuid"]!.GetValue<string>() == _seed.AppUuid.ToString()));
    }

    private static HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = _host.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }

    private static async Task AssertPendingWithoutAttemptsAsync(HttpClient engine, Guid taskId)
    {
        var task = await (await engine.GetAsync($"/api/service-tasks/{taskId}")).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual("PENDING", task["status"]!.GetValue<string>());
        Assert.AreEqual(0, task["attempts"]!.GetValue<int>());
    }

    private static Task<long> WaitForParkedAsync(long count) => Eventually.WaitAsync(async () =>
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM hangfire.set WHERE key = $1", connection);
        command.Parameters.AddWithValue(ClusterPause.ParkedSet);
        return (long)(await command.ExecuteScalarAsync())!;
    }, n => n == count, TimeSpan.FromSeconds(30), $"{count} parked jobs");
}
