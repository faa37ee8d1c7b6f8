using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ServiceTasks.Tests.Attempts;

/// <summary>
/// A retry starts at its due time, woken by the process that scheduled it, and not at Hangfire's next schedule poll;
/// the poll still delivers what no process woke. Each test runs hosts of its own with a 60 s schedule poll (it runs
/// once as the server starts, then not for a minute); Hangfire's state history names what moved a job to the queue.
/// </summary>
[TestClass]
public sealed class RetryWakeUpTests
{
    private const string PollReason = "Triggered by DelayedJobScheduler";

    // Hangfire.NetCore hands each starting host its storage and job activator through statics: a host started while
    // the shared one starts can end up running its jobs in the other's services. The shared host starts first.
    [ClassInitialize]
    public static void StartSharedHostFirst(TestContext context) => _ = TestHost.Factory;

    [TestMethod]
    public async Task RetryDueInOneSecond_RunsLongBeforeTheSchedulePollCould_WokenByTheProcessThatScheduledIt()
    {
        var database = await TestDatabase.CreateAsync("wakeup");
        await using var host = StartHost(database, schedulePollMs: 60_000);
        var (app, service) = await FailingServiceAsync(host, retryDelaySeconds: 1);
        using var engine = app.Engine();

        var id = await TestServices.EnqueueAsync(engine, service);

        var task = await TestServices.WaitForStatusAsync(engine, id, "FAILED", timeoutSeconds: 90);
        Assert.AreEqual(2, task["attempts"]!.GetValue<int>(), "the first attempt and its one retry");
        // Who moved the retry to the queue is the proof: left to the poll, it would name the poll, a minute after start.
        Assert.AreEqual(DueJobWaker.Reason, RetryEnqueuedBy(host, await TestServices.HangfireJobIdAsync(id, host)));
    }

    [TestMethod]
    public async Task AWokenRetry_IsEnqueuedInTheCommitThatReleasesItsStateLock_SoItsWorkerFindsTheJobUnlocked()
    {
        var database = await TestDatabase.CreateAsync("wakeup");
        await using var host = StartHost(database, schedulePollMs: 60_000);
        await CommitAudit.InstallAsync(database);
        var (app, service) = await FailingServiceAsync(host, retryDelaySeconds: 1);
        using var engine = app.Engine();

        var id = await TestServices.EnqueueAsync(engine, service);

        await TestServices.WaitForStatusAsync(engine, id, "FAILED", timeoutSeconds: 90);
        var jobId = await TestServices.HangfireJobIdAsync(id, host);
        Assert.AreEqual(DueJobWaker.Reason, RetryEnqueuedBy(host, jobId));
        // Released after the enqueue's commit, the lock is still there when the worker that commit woke asks for it,
        // and Hangfire.PostgreSql's lock then retries only a second later.
        Assert.AreEqual(1, await CommitAudit.EnqueuedWithTheirLockReleasedAsync(database, jobId),
            "the wake-up's enqueue and the release of the job's state lock in one transaction");
    }

    [TestMethod]
    public async Task SecondMoverOfADueJob_WaitsForTheFirstsCommit_ThenFindsItEnqueuedWithoutWritingOrTakingTheJobLock()
    {
        var database = await TestDatabase.CreateAsync("wakeup");
        await using var host = StartHost(database, schedulePollMs: 60_000);
        await CommitAudit.InstallAsync(database);
        var jobId = host.Services.GetRequiredService<IBackgroundJobClient>().Schedule(() => Console.WriteLine("never run"), TimeSpan.FromHours(1));

        // The first mover (the wake-up, say) is in the middle of its move: it holds the job's row.
        await using var first = new NpgsqlConnection(TestDatabase.Superuser(database));
        await first.OpenAsync();
        await using var move = await first.BeginTransactionAsync();
        await ExecuteAsync(first, "SELECT 1 FROM hangfire.job WHERE id = $1 FOR UPDATE", jobId);
        var storage = host.Services.GetRequiredService<JobStorage>();
        var second = Task.Run(() =>
        {
            using var connection = storage.GetConnection();
            return host.Services.GetRequiredService<IBackgroundJobStateChanger>().ChangeState(
                new StateChangeContext(storage, connection, jobId, new EnqueuedState { Reason = "the schedule poll" }, ScheduledState.StateName));
        });
        await Eventually.WaitAsync(() => WaitingForALockAsync(database), waiting => waiting || second.IsCompleted,
            TimeSpan.FromSeconds(30), "the second mover waiting for the first");
        await ExecuteAsync(first, "UPDATE hangfire.job SET statename = 'Enqueued' WHERE id = $1", jobId);
        await move.CommitAsync();

        Assert.AreEqual(EnqueuedState.StateName, (await second)?.Name, "the job is where the second mover wanted it");
        Assert.AreEqual(0L, await CommitAudit.LockReleasesAsync(database, jobId), "the second mover never took the job's lock");
        Assert.IsEmpty(host.Services.GetRequiredService<JobStorage>().GetMonitoringApi().JobDetails(jobId).History
            .Where(h => h.StateName == EnqueuedState.StateName), "the second mover wrote no move of its own");
    }

    [TestMethod]
    public async Task AScheduledRetryGetsAWakeUp_AJobParkedByThePauseDoesNot()
    {
        var database = await TestDatabase.CreateAsync("wakeup");
        await using var host = StartHost(database, schedulePollMs: 60_000);
        var (app, service) = await FailingServiceAsync(host, retryDelaySeconds: 30);
        using var engine = app.Engine();
        var wakeUps = host.Services.GetRequiredService<RetryWakeUps>();

        var retried = await TestServices.HangfireJobIdAsync(await TestServices.EnqueueAsync(engine, service), host);
        await WaitForStateAsync(host, retried, s => s.Reason?.StartsWith("Retry attempt", StringComparison.Ordinal) == true);
        Assert.IsTrue(wakeUps.IsPending(retried), "a retry due in 30 s has its wake-up");

        host.Services.GetRequiredService<ClusterPause>().Pause();
        var parked = await TestServices.HangfireJobIdAsync(await TestServices.EnqueueAsync(engine, service), host);
        await WaitForStateAsync(host, parked, s => s.Reason == ClusterPause.ParkReason);
        Assert.IsFalse(wakeUps.IsPending(parked), "a parked job waits for the resume, not for a timer");
    }

    [TestMethod]
    public async Task RetryWhoseProcessStoppedBeforeItWasDue_IsStillRunByTheSchedulePollOfAnother()
    {
        var database = await TestDatabase.CreateAsync("wakeup");
        Guid id;
        string jobId;
        await using (var first = StartHost(database, schedulePollMs: 60_000))
        {
            var (app, service) = await FailingServiceAsync(first, retryDelaySeconds: 10);
            using var engine = app.Engine();
            id = await TestServices.EnqueueAsync(engine, service);
            jobId = await TestServices.HangfireJobIdAsync(id, first);
            await WaitForStateAsync(first, jobId, s => s.Name == ScheduledState.StateName);
        } // stopped: its timer for the retry is gone with it

        await using var second = StartHost(database, schedulePollMs: 1000);
        await using (var scope = second.DbScope(out var db))
            await Eventually.WaitAsync(() => db.ServiceTasks.AsNoTracking().SingleAsync(t => t.Id == id),
                t => t.Status == ServiceTaskStatus.Failed, TimeSpan.FromSeconds(60), "the retry, then the task's failure");
        Assert.AreEqual(PollReason, RetryEnqueuedBy(second, jobId));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, string jobId)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(long.Parse(jobId));
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<bool> WaitingForALockAsync(string database)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.Superuser(database));
        await connection.OpenAsync();
        await using var waiting = new NpgsqlCommand(
            "SELECT count(*) > 0 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
        return (bool)(await waiting.ExecuteScalarAsync())!;
    }

    private static ServiceTasksFactory StartHost(string database, int schedulePollMs) => new ServiceTasksFactory(database,
        new Dictionary<string, string?> { ["Hangfire:SchedulePollingIntervalMs"] = schedulePollMs.ToString() }).Start();

    /// <summary>An app with a service that always fails, retried once after exactly <paramref name="retryDelaySeconds"/>.</summary>
    private static async Task<(TestApp App, Guid ServiceId)> FailingServiceAsync(ServiceTasksFactory host, double retryDelaySeconds)
    {
        var app = await host.CreateAppAsync(await host.CreateKeyAsync(Roles.Operator, appUuid: null));
        var service = await TestServices.CreateAsync(app, s =>
        {
            s.MockDefinition = TestServices.AlwaysFails(503);
            s.MaxRetries = 1;
            s.RetryPolicy = new RetryPolicy { InitialDelaySeconds = retryDelaySeconds, Multiplier = 1, MaxDelaySeconds = retryDelaySeconds, Jitter = "none" };
        });
        return (app, service.Id);
    }

    private static Task WaitForStateAsync(ServiceTasksFactory host, string jobId, Func<Hangfire.Storage.StateData, bool> done) =>
        Eventually.WaitAsync(() =>
        {
            using var connection = host.Services.GetRequiredService<JobStorage>().GetConnection();
            return Task.FromResult(connection.GetStateData(jobId));
        }, s => s is not null && done(s), TimeSpan.FromSeconds(30), $"job {jobId}'s state");

    /// <summary>The reason of the job's latest move to Enqueued: the retry's, as the task ran no attempt since.</summary>
    private static string? RetryEnqueuedBy(ServiceTasksFactory host, string jobId) =>
        host.Services.GetRequiredService<JobStorage>().GetMonitoringApi().JobDetails(jobId).History
            .First(h => h.StateName == EnqueuedState.StateName).Reason;
}
