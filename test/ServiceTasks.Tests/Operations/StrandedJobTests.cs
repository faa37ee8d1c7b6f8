using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceTasks.Tests.Operations;

/// <summary>
/// A job whose state change kept failing (the database went away mid-change) is put in Failed by Hangfire with every
/// filter off; the outbox sweep must run it again, or its task waits for ever.
/// </summary>
[TestClass]
public sealed class StrandedJobTests
{
    private const string GaveUp = "Failed to change state to the 'Enqueued' one due to an exception after 5 retry attempts";

    [TestMethod]
    public async Task Sweep_RequeuesAnAttemptJobHangfireFailedPastTheFilters_AndTheTaskCompletes()
    {
        var app = await TestHost.CreateAppAsync();
        var service = await TestServices.CreateAsync(app, _ => { });
        var task = await WriteTaskAsync(app, service.Id, ServiceTaskStatus.Pending, callbackUrl: null);
        var jobId = StrandedJob<ServiceTaskJob>(j => j.RunAsync(task.Id, null, CancellationToken.None), GaveUp);
        await UpdateAsync(task.Id, t => t.HangfireJobId = jobId);

        await OutboxSweep.RunOnceAsync();

        await TestServices.WaitForStatusAsync(app.Engine(), task.Id, ServiceTaskStatus.Completed);
    }

    [TestMethod]
    public async Task Sweep_RequeuesACallbackJobHangfireFailedPastTheFilters_ButNotOneThatGaveUpItself()
    {
        await using var receiver = await LoopbackServer.StartAsync();
        receiver.Reply("/hook", LoopbackResponse.Text("", 204));
        var app = await TestHost.CreateAppAsync();
        var service = await TestServices.CreateAsync(app, _ => { });
        var stranded = await WriteTaskAsync(app, service.Id, ServiceTaskStatus.Completed, receiver.Url("/hook"));
        var strandedJob = StrandedJob<CallbackJob>(j => j.DeliverAsync(stranded.Id, Guid.NewGuid(), null), GaveUp);
        await UpdateAsync(stranded.Id, t => t.CallbackJobId = strandedJob);
        var refused = await WriteTaskAsync(app, service.Id, ServiceTaskStatus.Completed, receiver.Url("/hook"));
        var refusedJob = StrandedJob<CallbackJob>(j => j.DeliverAsync(refused.Id, Guid.NewGuid(), null),
            "An exception occurred during performance of the job.");
        await UpdateAsync(refused.Id, t => t.CallbackJobId = refusedJob);

        await OutboxSweep.RunOnceAsync();

        await Eventually.WaitAsync(() => Task.FromResult(receiver.RequestsTo("/hook").Count), n => n >= 1,
            TimeSpan.FromSeconds(60), "the stranded callback to be delivered");
        await OutboxSweep.RunOnceAsync();
        using var connection = TestHost.Factory.Services.GetRequiredService<JobStorage>().GetConnection();
        Assert.AreEqual(FailedState.StateName, connection.GetJobData(refusedJob).State, "a delivery that gave up stays failed");
        Assert.IsTrue(receiver.RequestsTo("/hook").All(r => r.Body.Contains(stranded.Id.ToString())));
    }

    [TestMethod]
    [TestCategory("Slow")]
    public async Task AJobLockLeftByAKilledWorker_HoldsItsJobOnlyUntilTheLockTimeout()
    {
        var app = await TestHost.CreateAppAsync();
        var service = await TestServices.CreateAsync(app, _ => { });
        var task = await WriteTaskAsync(app, service.Id, ServiceTaskStatus.Pending, callbackUrl: null);
        var services = TestHost.Factory.Services;
        var jobId = services.GetRequiredService<IBackgroundJobClient>()
            .Schedule<ServiceTaskJob>(j => j.RunAsync(task.Id, null, CancellationToken.None), TimeSpan.FromDays(1));
        await UpdateAsync(task.Id, t => t.HangfireJobId = jobId);
        // The row a worker killed inside a state change of this job leaves; Hangfire.PostgreSql's default keeps it 10 min.
        var resource = $"hangfire:job:{jobId}:state-lock";
        await using (var scope = TestHost.DbScope(out var db))
            await db.Database.ExecuteSqlAsync($"INSERT INTO hangfire.lock (resource, acquired) VALUES ({resource}, {DateTime.UtcNow})");
        using (var connection = services.GetRequiredService<JobStorage>().GetConnection())
        using (var transaction = connection.CreateWriteTransaction())
        {
            transaction.SetJobState(jobId, new EnqueuedState());
            transaction.RemoveFromSet("schedule", jobId);
            transaction.AddToQueue(EnqueuedState.DefaultQueue, jobId);
            transaction.Commit();
        }

        await TestServices.WaitForStatusAsync(app.Engine(), task.Id, ServiceTaskStatus.Completed, timeoutSeconds: 150);
        // The task turns COMPLETED before Hangfire moves its job to Succeeded, which takes the state lock once more for
        // a moment; an orphan that was stepped around would stay for Hangfire.PostgreSql's default of 10 minutes.
        await Eventually.WaitAsync(async () =>
            {
                await using var scope = TestHost.DbScope(out var db);
                return await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM hangfire.lock WHERE resource = {resource}").SingleAsync();
            },
            rows => rows == 0, TimeSpan.FromSeconds(20), "the orphaned lock row to be taken over and released, not stepped around");
    }

    /// <summary>A job left as Hangfire leaves one after its state change failed every time: Failed, no filter run.</summary>
    private static string StrandedJob<T>(System.Linq.Expressions.Expression<Func<T, Task>> call, string reason)
    {
        var services = TestHost.Factory.Services;
        var jobId = services.GetRequiredService<IBackgroundJobClient>().Schedule(call, TimeSpan.FromDays(1));
        using var connection = services.GetRequiredService<JobStorage>().GetConnection();
        using var transaction = connection.CreateWriteTransaction();
        transaction.SetJobState(jobId, new FailedState(new TimeoutException("The database went away")) { Reason = reason });
        transaction.RemoveFromSet("schedule", jobId);
        transaction.Commit();
        return jobId;
    }

    private static Task<ServiceTask> WriteTaskAsync(TestApp app, Guid serviceId, string status, string? callbackUrl) =>
        TestServices.WriteTaskAsync(app, serviceId, t =>
        {
            t.Status = status;
            t.CallbackUrl = callbackUrl;
            t.CompletedAt = status == ServiceTaskStatus.Pending ? null : t.CreatedAt;
            t.CallbackJobId = status == ServiceTaskStatus.Pending ? null : CompletionCallbacks.NoCallback;
        });

    private static async Task UpdateAsync(Guid taskId, Action<ServiceTask> change)
    {
        await using var scope = TestHost.DbScope(out var db);
        db.Tenant.UseAllApps();
        var task = db.ServiceTasks.Single(t => t.Id == taskId);
        change(task);
        await db.SaveChangesAsync();
    }
}
