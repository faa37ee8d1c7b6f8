using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceTasks.Tests.Attempts;

/// <summary>
/// A worker killed mid-attempt leaves the attempt started and unfinished; the job's re-run must close it as
/// INTERRUPTED, say so in the log, and not charge it to the task's retry budget.
/// </summary>
[TestClass]
public sealed class InterruptedAttemptTests
{
    [TestMethod]
    public async Task ARerunThatFindsAStartedUnfinishedAttempt_ClosesItInterrupted_WarnsNamingIt_AndDoesNotChargeIt()
    {
        var app = await TestHost.CreateAppAsync();
        var service = await TestServices.CreateAsync(app, s => { s.MockDefinition = TestServices.AlwaysFails(503); s.MaxRetries = 1; });
        var task = await TestServices.WriteTaskAsync(app, service.Id, t => t.MaxRetries = 1);
        var jobId = await StartAndAbandonAsync(task, "killed-worker:4242:abc");

        Jobs.Requeue(jobId);
        var done = await TestServices.WaitForStatusAsync(app.Engine(), task.Id, ServiceTaskStatus.Failed);

        await using var check = TestHost.DbScope(out var db);
        var rows = await db.ServiceExecutionLogs.Where(l => l.ServiceTaskId == task.Id).OrderBy(l => l.RetryAttempt).ToListAsync();
        Assert.AreEqual(done["attempts"]!.GetValue<int>(), rows.Count, "one log row per attempt");
        Assert.AreEqual(ExecutionStatus.Interrupted, rows[0].Status, "the killed attempt is closed as INTERRUPTED");
        Assert.IsNotNull(rows[0].FinishedAt);
        Assert.AreEqual(2, rows.Count(r => r.Status == ExecutionStatus.Failed),
            $"not charged: with max_retries 1 the task still makes two attempts that fail; rows: {string.Join(", ", rows.Select(r => $"{r.RetryAttempt} {r.Status} {r.ErrorMessage}"))}");
        var warnings = CapturedLogs.Instance.Lines.Where(l => l.StartsWith("Warning ", StringComparison.Ordinal)
            && l.Contains(task.Id.ToString()) && l.Contains("INTERRUPTED")).ToList();
        Assert.AreEqual(1, warnings.Count, "one Warning for the interrupted attempt");
        StringAssert.Contains(warnings[0], "Attempt 1 of task", "attempts count from 1 in log lines, as in the Attempt scope");
        StringAssert.Contains(warnings[0], "killed-worker:4242:abc");
    }

    [TestMethod]
    public async Task ATaskWhoseDeadlinePassedWhileItsAttemptWasStopped_FailsWithThatRowClosedInterrupted()
    {
        var app = await TestHost.CreateAppAsync();
        var service = await TestServices.CreateAsync(app, s => s.RetryPolicy = s.RetryPolicy with { DeadlineSeconds = 60 });
        var task = await TestServices.WriteTaskAsync(app, service.Id, _ => { });
        var jobId = await StartAndAbandonAsync(task, "killed-worker:4243:def");
        await using (TestHost.DbScope(out var db))
        {
            // The worker stayed dead past the deadline: the re-run may start no attempt.
            await db.ServiceTasks.Where(t => t.Id == task.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.CreatedAt, DateTimeOffset.UtcNow.AddHours(-1)));
        }

        Jobs.Requeue(jobId);
        var done = await TestServices.WaitForStatusAsync(app.Engine(), task.Id, ServiceTaskStatus.Failed);

        StringAssert.Contains(done["error_message"]!.GetValue<string>(), "Deadline");
        await using var check = TestHost.DbScope(out var read);
        var rows = await read.ServiceExecutionLogs.Where(l => l.ServiceTaskId == task.Id).ToListAsync();
        Assert.AreEqual(1, rows.Count);
        Assert.AreEqual(ExecutionStatus.Interrupted, rows[0].Status, "no row stays RUNNING once its task has ended");
        Assert.IsNotNull(rows[0].FinishedAt);
    }

    private static IBackgroundJobClient Jobs => TestHost.Factory.Services.GetRequiredService<IBackgroundJobClient>();

    /// <summary>What a worker killed during the downstream call leaves behind: the attempt started, and nothing after.</summary>
    private static async Task<string> StartAndAbandonAsync(ServiceTask task, string serverId)
    {
        var jobId = Jobs.Schedule<ServiceTaskJob>(j => j.RunAsync(task.Id, null, CancellationToken.None), TimeSpan.FromDays(1));
        await using var scope = TestHost.Factory.Services.CreateAsyncScope();
        var start = scope.ServiceProvider.GetRequiredService<AttemptStart>();
        var (prepared, _) = await start.PrepareAttemptAsync(task.Id, jobId, () => null, unlessPaused: false);
        Assert.IsNotNull(await start.StartAttemptAsync(prepared!, jobId, serverId));
        return jobId;
    }
}
