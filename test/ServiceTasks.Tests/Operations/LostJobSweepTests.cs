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
        var task = await WriteTaskAsync(app, service.Id, attempts: 2);
        var jobs = TestHost.Factory.Services.GetRequiredService<IBackgroundJobClient>();
        var jobId = jobs.Schedule<ServiceTaskJob>(j => j.RunAsync(task.Id, null, CancellationToken.None), TimeSpan.FromDays(1));
        await SetJobIdAsync(task.Id, jobId);
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
        var task = await WriteTaskAsync(app, service.Id, attempts: 1);
        var jobs = TestHost.Factory.Services.GetRequiredService<IBackgroundJobClient>();
        var jobId = jobs.Schedule<ServiceTaskJob>(j => j.RunAsync(task.Id, null, CancellationToken.None), TimeSpan.FromDays(1));
        await SetJobIdAsync(task.Id, jobId);

        await OutboxSweep.RunOnceAsync();

        await using var scope = TestHost.DbScope(out var db);
        var row = await db.ServiceTasks.AsNoTracking().SingleAsync(t => t.Id == task.Id);
        Assert.AreEqual(jobId, row.HangfireJobId);
        Assert.AreEqual(ServiceTaskStatus.Pending, row.Status);
        using var connection = TestHost.Factory.Services.GetRequiredService<JobStorage>().GetConnection();
        Assert.AreEqual(ScheduledState.StateName, connection.GetJobData(jobId).State);
        jobs.Delete(jobId);
    }

    /// <summary>A task waiting for its next attempt, created long enough ago that the sweep's grace has passed.</summary>
    private static Task<ServiceTask> WriteTaskAsync(TestApp app, Guid serviceId, int attempts) =>
        TestServices.WriteTaskAsync(app, serviceId, t =>
        {
            t.Status = ServiceTaskStatus.Pending;
            t.Attempts = attempts;
            t.MaxRetries = 5;
            t.CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-5);
        });

    private static async Task SetJobIdAsync(Guid taskId, string jobId)
    {
        await using var scope = TestHost.DbScope(out var db);
        await db.ServiceTasks.Where(t => t.Id == taskId).ExecuteUpdateAsync(s => s.SetProperty(t => t.HangfireJobId, jobId));
    }
}
