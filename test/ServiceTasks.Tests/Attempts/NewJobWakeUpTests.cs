using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ServiceTasks.Tests.Attempts;

/// <summary>
/// A new job wakes one idle worker through the process's one LISTEN connection, not every idle worker and not the
/// queue poll. The host runs 20 workers with a one-minute queue poll (the longest allowed), so a job that no
/// notification reached would wait about a minute: every wait below gives up well before that.
/// </summary>
[TestClass]
public sealed class NewJobWakeUpTests
{
    private static readonly TimeSpan WellBeforeThePoll = TimeSpan.FromSeconds(30);
    private static string _database = "";
    private static ServiceTasksFactory _host = null!;
    private static TestApp _app = null!;

    [ClassInitialize]
    public static async Task StartHostAsync(TestContext context)
    {
        _ = TestHost.Factory; // Hangfire.NetCore's statics: the shared host starts first (RetryWakeUpTests)
        _database = await TestDatabase.CreateAsync("wake");
        _host = new ServiceTasksFactory(_database, new Dictionary<string, string?>
        {
            ["Hangfire:WorkerCount"] = "20", ["Hangfire:QueuePollIntervalMs"] = "60000",
        }).Start();
        _app = await _host.CreateAppAsync(await _host.CreateKeyAsync(Roles.Operator, appUuid: null));
        await Eventually.WaitAsync(ListenerAsync, pid => pid is not null, WellBeforeThePoll, "the new-job listener");
    }

    [ClassCleanup]
    public static async Task StopHostAsync() => await _host.DisposeAsync();

    [TestMethod]
    public async Task NewTasks_StartOnTheirNotification_NotAtTheMinuteLongQueuePoll()
    {
        var service = await TestServices.CreateAsync(_app, _ => { });
        using var engine = _app.Engine();

        var ids = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => TestServices.EnqueueAsync(engine, service.Id)));

        await WaitForCompletedAsync(ids);
    }

    [TestMethod]
    public async Task AnIdleWorkerPool_LooksAtTheQueueAboutTwicePerTask_NotOncePerIdleWorker()
    {
        var service = await TestServices.CreateAsync(_app, _ => { });
        using var engine = _app.Engine();
        await using var audit = await FetchAudit.InstallAsync(_database);

        for (var i = 0; i < 10; i++) await WaitForCompletedAsync([await TestServices.EnqueueAsync(engine, service.Id)]);

        // Each task: the woken worker's fetch, then that worker's look for more before it waits again. Woken all at
        // once, as Hangfire.PostgreSql's long polling does it, the 20 idle workers would fetch 20 times per task.
        var fetches = await audit.CountAsync();
        Assert.IsTrue(fetches <= 40, $"{fetches} fetches for 10 tasks");
    }

    [TestMethod]
    public async Task Resume_WakesAWorkerForEveryParkedJob_ThoughOneTransactionEnqueuesThemAll()
    {
        // Five seconds each, so all 20 run at once only if all 20 workers were woken: were the resume's notifications
        // folded into one, one worker would take them in turn, joined by another only as something else woke it.
        var service = await TestServices.CreateAsync(_app, s => s.MockDefinition = TestServices.AlwaysSucceeds() with { MinDelayMs = 5000, MaxDelayMs = 5000 });
        using var engine = _app.Engine();
        using var op = _host.CreateClient(await _host.CreateKeyAsync(Roles.Operator, appUuid: null));
        (await op.PostAsync("/api/workers/service-tasks?action=stop", null)).EnsureSuccessStatusCode();
        Guid[] ids;
        try
        {
            ids = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => TestServices.EnqueueAsync(engine, service.Id)));
        }
        finally
        {
            (await op.PostAsync("/api/workers/service-tasks?action=start", null)).EnsureSuccessStatusCode();
        }

        await Eventually.WaitAsync(() => CountAsync(ids, ServiceTaskStatus.Running), running => running == ids.Length,
            WellBeforeThePoll, $"all {ids.Length} resumed tasks RUNNING at once");
        await WaitForCompletedAsync(ids);
    }

    [TestMethod]
    public async Task ListenerConnectionKilled_ListensAgain_AndTheNextTaskStillStartsOnItsNotification()
    {
        var service = await TestServices.CreateAsync(_app, _ => { });
        using var engine = _app.Engine();
        var killed = await ListenerAsync();

        await ExecuteAsync($"SELECT pg_terminate_backend({killed!.Value})");
        await Eventually.WaitAsync(ListenerAsync, pid => pid is not null && pid != killed, WellBeforeThePoll, "a new listener");

        await WaitForCompletedAsync([await TestServices.EnqueueAsync(engine, service.Id)]);
    }

    [TestMethod]
    public async Task Dashboard_ListsEachQueueOnce_ThoughTwoQueueProvidersAreRegistered()
    {
        var service = await TestServices.CreateAsync(_app, _ => { });
        using var engine = _app.Engine();
        await WaitForCompletedAsync([await TestServices.EnqueueAsync(engine, service.Id)]);
        var storage = (PostgreSqlStorage)_host.Services.GetRequiredService<JobStorage>();
        // A fetched row in each of two queues (of a finished job, so nothing runs), for the listing to list.
        await ExecuteAsync("INSERT INTO hangfire.jobqueue (jobid, queue, fetchedat) SELECT (SELECT min(id) FROM hangfire.job), q, now() FROM unnest(ARRAY['default', 'callbacks']) q");
        try
        {
            var queues = storage.GetMonitoringApi().Queues().Select(q => q.Name).ToList();

            CollectionAssert.AreEqual(new[] { "callbacks", "default" }, queues, string.Join(", ", queues));
            Assert.AreEqual(2, storage.GetMonitoringApi().GetStatistics().Queues);
        }
        finally
        {
            await ExecuteAsync("DELETE FROM hangfire.jobqueue WHERE fetchedat IS NOT NULL");
        }
    }

    [TestMethod]
    public void Signal_KeepsAtMostOnePermitPerWorker_AndEachPermitWakesOneWaiter()
    {
        var signal = new NewJobSignal(Options.Create(new HangfireSettings { WorkerCount = 3 }));

        signal.Release(10);

        var woken = Enumerable.Range(0, 4).Count(_ => signal.Wait(TimeSpan.Zero, CancellationToken.None));
        Assert.AreEqual(3, woken, "ten notifications while every worker was busy leave three looks, one per worker");
        signal.Release();
        Assert.IsTrue(signal.Wait(TimeSpan.Zero, CancellationToken.None));
        Assert.IsFalse(signal.Wait(TimeSpan.Zero, CancellationToken.None), "one notification wakes one worker");
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.Superuser(_database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The backend holding the host's LISTEN, or null while there is none.</summary>
    private static async Task<int?> ListenerAsync()
    {
        await using var connection = new NpgsqlConnection(TestDatabase.Superuser(_database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN {NewJobSignal.Channel}' AND state = 'idle' LIMIT 1",
            connection);
        return (int?)await command.ExecuteScalarAsync();
    }

    private static Task WaitForCompletedAsync(Guid[] ids) => Eventually.WaitAsync(() => CountAsync(ids, ServiceTaskStatus.Completed),
        done => done == ids.Length, WellBeforeThePoll, $"{ids.Length} tasks COMPLETED");

    private static async Task<int> CountAsync(Guid[] ids, string status)
    {
        await using var db = TestDatabase.Context(_database);
        db.Tenant.UseAllApps();
        return await db.ServiceTasks.CountAsync(t => ids.Contains(t.Id) && t.Status == status);
    }
}
