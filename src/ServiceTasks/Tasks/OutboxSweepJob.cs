using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using ServiceTasks.Data;

namespace ServiceTasks.Tasks;

/// <summary>
/// The repair half of the two-step writes: every few seconds, tasks that a crash left without their attempt job or
/// without their callback job get one, jobs that Hangfire failed past every filter run again, and jobs parked by a
/// pause that ended get enqueued again.
/// </summary>
public sealed class OutboxSweepJob(
    AppDbContext db, TaskEnqueuer enqueuer, CompletionCallbacks callbacks, ClusterPause pause, IBackgroundJobClient jobs, TimeProvider clock)
{
    public const string RecurringId = "servicetasks-outbox-sweep";
    public const string Cron = "*/15 * * * * *";
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);
    private const int Batch = 500;

    public async Task RunAsync()
    {
        db.Tenant.UseAllApps();
        var before = clock.GetUtcNow() - Grace;

        var orphans = await db.ServiceTasks.Where(t => t.HangfireJobId == null && t.Status == ServiceTaskStatus.Pending && t.CreatedAt < before)
            .OrderBy(t => t.CreatedAt).Select(t => t.Id).Take(Batch).ToListAsync();
        foreach (var id in orphans) await enqueuer.StartJobAsync(id);

        var silent = await db.ServiceTasks.Where(t => t.CallbackJobId == null && t.CompletedAt != null && t.CompletedAt < before)
            .OrderBy(t => t.CompletedAt).Select(t => t.Id).Take(Batch).ToListAsync();
        foreach (var id in silent) await callbacks.StartAsync(id);

        foreach (var jobId in await StrandedJobsAsync()) jobs.Requeue(jobId, FailedState.StateName);

        if (!pause.IsPaused()) pause.RequeueParked(processOnce: false);
    }

    /// <summary>
    /// A job whose state change kept failing (the database went away mid-change) is moved to Failed by Hangfire with
    /// every filter switched off (reason "Failed to change state ..."), so neither retry filter sees it and no server
    /// runs it again; its task would wait for ever, unfinished or without its callback. Each such job that still owns
    /// its task is requeued as it is: same job, same claim, same delivery id. The task id is the job's first argument.
    /// </summary>
    private Task<List<string>> StrandedJobsAsync() => db.Database.SqlQuery<string>($$"""
        SELECT j.id::text AS "Value"
        FROM hangfire.job j
        JOIN hangfire.state s ON s.id = j.stateid
        JOIN service_tasks t ON t.id = CASE WHEN j.arguments::jsonb ->> 0 ~ '^"[0-9a-fA-F-]{36}"$'
                                            THEN btrim(j.arguments::jsonb ->> 0, '"')::uuid END
        WHERE j.statename = {{FailedState.StateName}} AND s.reason LIKE 'Failed to change state%'
          AND ((t.hangfire_job_id = j.id::text AND t.status IN ({{ServiceTaskStatus.Pending}}, {{ServiceTaskStatus.Running}}))
               OR (t.callback_job_id = j.id::text AND t.completed_at IS NOT NULL))
        ORDER BY j.id
        LIMIT {{Batch}}
        """).ToListAsync();
}
