using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ServiceTasks.Tests.Tasks;

/// <summary>
/// The one LISTEN connection per process behind wait_seconds: a NOTIFY from the database reaches waiters in every
/// process, and a listener whose connection is lost comes back and wakes waiters again.
/// </summary>
[TestClass]
public sealed class CompletionListenerTests
{
    private static readonly TimeSpan WellBeforeTheWaitRunsOut = TimeSpan.FromSeconds(30);
    private static TestApp _app = null!;
    private static Guid _service;

    [ClassInitialize]
    public static async Task CreateAppAsync(TestContext _) => (_app, _service) = await TestServices.CreateAppWithServiceAsync();

    private static TaskCompletionSignals Signals(ServiceTasksFactory host) => host.Services.GetRequiredService<TaskCompletionSignals>();

    [TestMethod]
    public async Task AWaiterOnAnotherProcess_WakesWhenThisProcessFinishesTheTask()
    {
        await using var other = new ServiceTasksFactory(TestHost.ConnectionString,
            new Dictionary<string, string?> { ["ServiceTasks:Roles"] = "api" }).Start();
        var task = await ParkedTaskAsync($"wf-{Guid.NewGuid():N}");
        using var remote = other.CreateClient(_app.EngineKey);
        var answer = remote.GetAsync($"/api/service-tasks/{task.Id}?wait_seconds=60");
        await Eventually.WaitAsync(() => Task.FromResult(Signals(other).WaitingTasks), n => n == 1, TimeSpan.FromSeconds(30), "the remote client to wait");

        var clock = Stopwatch.StartNew();
        using var engine = _app.Engine();
        await (await engine.PostAsync($"/api/service-tasks/{task.Id}/cancel", null)).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual("CANCELLED", (await (await answer).JsonAsync(HttpStatusCode.OK))["status"]!.GetValue<string>());
        Assert.IsLessThan(WellBeforeTheWaitRunsOut, clock.Elapsed);
    }

    [TestMethod]
    public async Task TheListener_AfterItsConnectionIsKilled_ReconnectsAndWakesWaitersAgain()
    {
        using var engine = _app.Engine();
        // A wait that runs out opens the process's listener (wait_seconds=0 only reads, and would open nothing).
        await engine.GetAsync($"/api/service-tasks/{(await ParkedTaskAsync($"wf-{Guid.NewGuid():N}")).Id}?wait_seconds=1");
        var first = await Eventually.WaitAsync(() => ListenerPidsAsync(), p => p.Count > 0, TimeSpan.FromSeconds(30), "a listener connection");
        await using (var admin = new NpgsqlConnection(TestDatabase.Superuser(TestHost.ConnectionString)))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand(
                $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{TaskCompletionListener.ApplicationName}' AND datname = current_database()", admin);
            await kill.ExecuteNonQueryAsync();
        }
        await Eventually.WaitAsync(() => ListenerPidsAsync(), p => p.Count > 0 && !p.Intersect(first).Any(), TimeSpan.FromSeconds(30), "a new listener connection");

        var task = await ParkedTaskAsync($"wf-{Guid.NewGuid():N}");
        var answer = engine.GetAsync($"/api/service-tasks/{task.Id}?wait_seconds=60");
        await Eventually.WaitAsync(() => Task.FromResult(Signals(TestHost.Factory).WaitingTasks), n => n >= 1, TimeSpan.FromSeconds(30), "the client to wait");
        var clock = Stopwatch.StartNew();
        await (await engine.PostAsync($"/api/service-tasks/{task.Id}/cancel", null)).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual("CANCELLED", (await (await answer).JsonAsync(HttpStatusCode.OK))["status"]!.GetValue<string>());
        Assert.IsLessThan(WellBeforeTheWaitRunsOut, clock.Elapsed);
    }

    [TestMethod]
    public async Task ATerminalMove_ThatNobodyWaitsFor_SendsNoNotification()
    {
        // Every notification wakes every listening backend of the database (Hangfire's long-polling fetchers too), so
        // a task nobody waits for must not send one. Notifications arrive in commit order: the marker sent after the
        // move commits comes after anything the move sent.
        await using var listener = new NpgsqlConnection(TestDatabase.Superuser(TestHost.ConnectionString));
        await listener.OpenAsync();
        var heard = new List<string>();
        listener.Notification += (_, e) => heard.Add(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {TaskCompletionListener.Channel}", listener)) await listen.ExecuteNonQueryAsync();

        var task = await ParkedTaskAsync($"wf-{Guid.NewGuid():N}");
        using var engine = _app.Engine();
        await (await engine.PostAsync($"/api/service-tasks/{task.Id}/cancel", null)).JsonAsync(HttpStatusCode.OK);
        await using (var sender = new NpgsqlConnection(TestDatabase.Superuser(TestHost.ConnectionString)))
        {
            await sender.OpenAsync();
            await using var marker = new NpgsqlCommand($"NOTIFY {TaskCompletionListener.Channel}, 'marker'", sender);
            await marker.ExecuteNonQueryAsync();
        }
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!heard.Contains("marker") && DateTime.UtcNow < deadline) await listener.WaitAsync(TimeSpan.FromSeconds(1));

        CollectionAssert.Contains(heard, "marker");
        CollectionAssert.DoesNotContain(heard, task.Id.ToString());
    }

    private static Task<ServiceTask> ParkedTaskAsync(string instance) =>
        TestServices.WriteTaskAsync(_app, _service, t =>
        {
            t.InstanceId = instance;
            t.NextAttemptAt = DateTimeOffset.UtcNow.AddHours(1);
        });

    private static async Task<List<int>> ListenerPidsAsync()
    {
        await using var admin = new NpgsqlConnection(TestDatabase.Superuser(TestHost.ConnectionString));
        await admin.OpenAsync();
        await using var query = new NpgsqlCommand(
            $"SELECT pid FROM pg_stat_activity WHERE application_name = '{TaskCompletionListener.ApplicationName}' AND datname = current_database()", admin);
        var pids = new List<int>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync()) pids.Add(reader.GetInt32(0));
        return pids;
    }
}
