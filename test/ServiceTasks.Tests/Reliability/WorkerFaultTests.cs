using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Tests.Reliability;

/// <summary>Crash safety and graceful shutdown (docs/reliability.md), with separate OS processes of the real executable.</summary>
[TestClass]
public sealed class WorkerFaultTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [TestCategory("Slow")]
    public async Task KillNineOfAWorkerMidRun_LosesNoTask_CompletesNoneTwice_AndSendsOneCallbackSequenceEach()
    {
        const int tasks = 2000;
        await using var cluster = await FaultCluster.StartAsync(await TestDatabase.CreateAsync("kill9"), workers: 2, threadsPerWorker: 10);
        await cluster.EnqueueAsync(tasks);
        await Eventually.WaitAsync(() => cluster.CountAsync(q => q.Where(t => t.Status == ServiceTaskStatus.Completed)),
            n => n >= tasks / 4, TimeSpan.FromMinutes(3), "a quarter of the tasks to complete");

        var killedAt = DateTimeOffset.UtcNow;
        cluster.Workers[0].KillHard();
        await cluster.WaitAllTerminalAsync(tasks, TimeSpan.FromMinutes(5));
        try
        {
            await Eventually.WaitAsync(() => Task.FromResult(cluster.CallbackSequencesPerTask().Count), n => n == tasks,
                TimeSpan.FromMinutes(2), "a callback for every task");
        }
        catch (AssertFailedException)
        {
            await using var lookup = TestDatabase.Context(cluster.ConnectionString);
            lookup.Tenant.UseAllApps();
            var called = cluster.CallbackSequencesPerTask().Keys.Select(Guid.Parse).ToHashSet();
            var silent = (await lookup.ServiceTasks.Select(t => t.Id).ToListAsync()).Where(id => !called.Contains(id)).ToList();
            TestContext.WriteLine($"{silent.Count} tasks without a callback:\n" + await StuckTaskReport.DescribeAsync(TestDatabase.Superuser(cluster.ConnectionString), silent));
            throw;
        }

        await using var db = TestDatabase.Context(cluster.ConnectionString);
        db.Tenant.UseAllApps();
        Assert.AreEqual(tasks, await db.ServiceTasks.CountAsync(t => t.Status == ServiceTaskStatus.Completed), "none lost, none failed");
        var successes = await db.ServiceExecutionLogs.Where(l => l.Status == ExecutionStatus.Success)
            .GroupBy(l => l.ServiceTaskId).Select(g => g.Count()).ToListAsync();
        Assert.AreEqual(tasks, successes.Count);
        Assert.AreEqual(0, successes.Count(c => c > 1), "no task completed twice");
        Assert.IsTrue(cluster.CallbackSequencesPerTask().Values.All(n => n == 1), "one callback sequence per task");

        var waits = await db.ServiceTasks.Where(t => t.Attempts > 1 && t.CompletedAt > killedAt)
            .Select(t => (t.CompletedAt!.Value - killedAt).TotalSeconds).ToListAsync();
        waits.Sort();
        var orphanedLocks = await db.Database.SqlQuery<string>($"SELECT resource AS \"Value\" FROM hangfire.lock WHERE acquired < {killedAt.UtcDateTime}").ToListAsync();
        TestContext.WriteLine($"Lock rows the killed worker left behind: {(orphanedLocks.Count == 0 ? "none" : string.Join(", ", orphanedLocks))}");
        TestContext.WriteLine($"kill -9 during {tasks} tasks: {waits.Count} interrupted tasks re-ran; " +
            (waits.Count == 0 ? "" : $"they completed {waits[waits.Count / 2]:F1} s (median) and {waits[^1]:F1} s (max) after the kill"));
    }

    [TestMethod]
    [TestCategory("Slow")]
    public async Task SigtermToAWorkerMidRun_LosesNothing_AndLogsNoFailure()
    {
        const int tasks = 400;
        await using var cluster = await FaultCluster.StartAsync(await TestDatabase.CreateAsync("sigterm"), workers: 2, threadsPerWorker: 5,
            minDelayMs: 200, maxDelayMs: 500);
        await cluster.EnqueueAsync(tasks);
        await Eventually.WaitAsync(() => cluster.CountAsync(q => q.Where(t => t.Status == ServiceTaskStatus.Completed)),
            n => n >= tasks / 5, TimeSpan.FromMinutes(3), "a fifth of the tasks to complete");

        await cluster.Workers[0].StopAsync(TimeSpan.FromSeconds(60));
        await cluster.WaitAllTerminalAsync(tasks, TimeSpan.FromMinutes(4));

        await using var db = TestDatabase.Context(cluster.ConnectionString);
        db.Tenant.UseAllApps();
        Assert.AreEqual(tasks, await db.ServiceTasks.CountAsync(t => t.Status == ServiceTaskStatus.Completed));
        Assert.AreEqual(0, await db.ServiceExecutionLogs.CountAsync(l => l.Status != ExecutionStatus.Success), "the shutdown logged no failure");
        TestContext.WriteLine($"SIGTERM during {tasks} tasks: {await db.ServiceTasks.CountAsync(t => t.Attempts > 1)} attempts were handed back and re-run");
    }
}
