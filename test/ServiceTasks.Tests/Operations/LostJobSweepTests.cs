using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceTasks.Tests.Operations;

/// <summary>
/// An unfinished task whose Hangfire job was deleted (the dashboard lets operators), succeeded without finishing it, or
/// is gone altogether: the outbox sweep gives it a fresh job, and the task keeps its attempts.
/// </summary>
[TestClass]
public sealed class LostJobSweepTests
{
    [TestMethod]
    [DataRow("deleted")]
    [DataRow("succeeded")]
    [DataRow("missing")]
    public async Task Sweep_GivesAPendingTaskWhoseJobIsLost_AFreshJob_AndTheTaskCompletes(string loss)
    {
        var app = await TestHost.CreateAppAsync();
        var service = await TestServices.CreateAsync(app, _ => { });
        var jobs = TestHost.Factory.Services.GetRequiredService<IBackgroundJobClient>();
        var (task, jobId) = await WriteTaskWithScheduledJobAsync(app, service.Id, attempts: 2);
        switch (loss)
        {
            case "deleted":
                Assert.IsTrue(jobs.Delete(jobId));
                break;
            case "succeeded":
                Assert.IsTrue(jobs.ChangeState(jobId, new SucceededState(null, 0, 0), ScheduledState.StateName));
                break;
            default:
                await using (var scope = TestHost.DbScope(out var db))
                    await db.Database.ExecuteSqlAsync($"DELETE FROM hangfire.job WHERE id = {long.Parse(jobId)}");
                break;
        }

        await OutboxSweep.RunOnceAsync();

        var done = await TestServices.WaitForStatusAsync(app.Engine(), task.Id, ServiceTaskStatus.Completed, timeoutSeconds: 30);
        Assert.AreEqual(3, done["attempts"]!.GetValue<int>(), "the attempts made before are kept");
        await using (var scope = TestHost.DbScope(out var db))
            Assert.AreNotEqual(jobId, await db.ServiceTasks.Where(t => t.Id == task.Id).Select(t => t.HangfireJobId).SingleAsync());
    }

    [TestMethod]
    public async Task Sweep_LeavesATaskWhoseJobIsScheduledOrEnqueued_AsItIs()
    {
        var app = await TestHost.CreateAppAsync();
        var service = await TestServices.CreateAsync(app, _ => { });
        var jobs = TestHost.Factory.Services.GetRequiredService<IBackgroundJobClient>();
        var (task, jobId) = await WriteTaskWithScheduledJobAsync(app, service.Id, attempts: 1);

        await OutboxSweep.RunOnceAsync();

        await using var scope = TestHost.DbScope(out var db);
        var row = await db.ServiceTasks.AsNoTracking().SingleAsync(t => t.Id == task.Id);
        Assert.AreEqual(jobId, row.HangfireJobId);
        Assert.AreEqual(ServiceTaskStatus.Pending, row.Status);
        using var connection = TestHost.Factory.Services.GetRequiredService<JobStorage>().GetConnection();
        Assert.AreEqual(ScheduledState.StateName, connection.GetJobData(jobId).State);
        jobs.Delete(jobId);
    }

    /// <summary>
    /// A task waiting for its next attempt under a job scheduled a day ahead, created long enough ago that the sweep's
    /// grace has passed. The row names its job from its insert: a job-less PENDING row that old is an orphan to the shared
    /// host's own sweep (every 15 s), which could give it a job and run it before the test named one.
    /// </summary>
    private static async Task<(ServiceTask Task, string JobId)> WriteTaskWithScheduledJobAsync(TestApp app, Guid serviceId, int attempts)
    {
        var taskId = Guid.CreateVersion7();
        var jobId = TestHost.Factory.Services.GetRequiredService<IBackgroundJobClient>()
            .Schedule<ServiceTaskJob>(j => j.RunAsync(taskId, null, CancellationToken.None), TimeSpan.FromDays(1));
        var task = await TestServices.WriteTaskAsync(app, serviceId, t =>
        {
            t.Id = taskId;
            t.HangfireJobId = jobId;
            t.Status = ServiceTaskStatus.Pending;
            t.Attempts = attempts;
            t.MaxRetries = 5;
            t.CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-5);
        });
        return (task, jobId);
    }
}
