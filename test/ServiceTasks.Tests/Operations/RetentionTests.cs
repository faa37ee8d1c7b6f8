using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ServiceTasks.Tests.Operations;

/// <summary>On a database of its own, with a worker process running tasks while the retention job deletes.</summary>
[TestClass]
public sealed class RetentionTests
{
    [TestMethod]
    public async Task Retention_DeletesOnlyOldRows_InBatches_WhileTasksKeepRunning()
    {
        await using var cluster = await ThrottlingCluster.StartAsync("retention", workers: 1);
        var seed = cluster.Seed;
        var now = DateTimeOffset.UtcNow;
        ServiceTask Task(string status, DateTimeOffset? completed) => new()
        {
            Id = Guid.CreateVersion7(), AppUuid = seed.AppUuid, InstanceId = "wf-old", TaskId = "n", ServiceConfigId = seed.ServiceId,
            ConfigVersion = 1, Status = status, IdempotencyKey = Guid.NewGuid().ToString(), HangfireJobId = "gone", CallbackJobId = "gone",
            CreatedAt = (completed ?? now).AddMinutes(-1), CompletedAt = completed,
        };
        CallbackDelivery Delivery(ServiceTask task, DateTimeOffset at) => new()
        {
            AppUuid = seed.AppUuid, ServiceTaskId = task.Id, DeliveryId = Guid.NewGuid(), Url = "http://127.0.0.1:9/cb", CreatedAt = at,
        };
        ServiceExecutionLog Log(DateTimeOffset at) => new()
        {
            AppUuid = seed.AppUuid, ServiceConfigId = seed.ServiceId, ServiceName = "standalone-mock", Status = ExecutionStatus.Success, CreatedAt = at,
        };

        var oldDone = new[] { Task(ServiceTaskStatus.Completed, now.AddDays(-100)), Task(ServiceTaskStatus.Cancelled, now.AddDays(-91)) };
        var keptFailed = Task(ServiceTaskStatus.Failed, now.AddDays(-89));
        var recentWithOldDelivery = Task(ServiceTaskStatus.Completed, now.AddDays(-1));
        await using (var db = TestDatabase.Context(cluster.ConnectionString))
        {
            db.Tenant.UseAllApps();
            db.AddRange(oldDone.Append(keptFailed).Append(recentWithOldDelivery));
            db.AddRange(oldDone.SelectMany(t => new[] { Delivery(t, now.AddDays(-100)), Delivery(t, now.AddDays(-99)) }));
            db.AddRange(Delivery(recentWithOldDelivery, now.AddDays(-95)), Delivery(keptFailed, now.AddDays(-89)));
            db.AddRange(Enumerable.Range(0, 250).Select(i => Log(now.AddDays(-31).AddMinutes(-i))));
            db.AddRange(Enumerable.Range(0, 5).Select(i => Log(now.AddDays(-29))));
            await db.SaveChangesAsync();
        }

        var running = await cluster.EnqueueAsync(seed.ServiceId, 20);
        await using (var db = TestDatabase.Context(cluster.ConnectionString))
        {
            var job = new RetentionJob(db, Options.Create(new RetentionOptions { BatchSize = 100 }), TimeProvider.System, NullLogger<RetentionJob>.Instance);
            await job.RunAsync(CancellationToken.None);
        }
        var finished = await cluster.WaitAllFinishedAsync(seed.ServiceId, 20 + 2, timeoutSeconds: 60);

        await using var check = TestDatabase.Context(cluster.ConnectionString);
        check.Tenant.UseAllApps();
        var tasks = await check.ServiceTasks.Select(t => t.Id).ToListAsync();
        Assert.IsFalse(oldDone.Any(t => tasks.Contains(t.Id)), "finished tasks older than TaskDays are gone");
        CollectionAssert.IsSubsetOf(running.Append(keptFailed.Id).Append(recentWithOldDelivery.Id).ToList(), tasks);
        Assert.IsTrue(finished.Where(t => running.Contains(t.Id)).All(t => t.Status == ServiceTaskStatus.Completed), "tasks kept running");
        var deliveries = await check.CallbackDeliveries.Select(d => d.ServiceTaskId).ToListAsync();
        CollectionAssert.AreEqual(new[] { keptFailed.Id }, deliveries.Where(id => id != Guid.Empty && !running.Contains(id)).ToArray(),
            "old deliveries are gone, also those of a recent task; a recent one stays");
        var logs = await check.ServiceExecutionLogs.Where(l => l.ServiceTaskId == null).Select(l => l.CreatedAt).ToListAsync();
        Assert.HasCount(5, logs, "250 old logs deleted in batches of 100; the 5 younger than LogDays stay");
        Assert.AreEqual(20, await check.ServiceExecutionLogs.CountAsync(l => l.ServiceTaskId != null), "the running tasks' logs");
    }
}
