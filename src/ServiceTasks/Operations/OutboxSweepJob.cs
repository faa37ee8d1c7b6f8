using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Operations;

/// <summary>
/// Repairs what a crash or an operator can leave behind: every few seconds, tasks left without their attempt job or
/// without their callback job get one, unfinished tasks whose job was deleted, succeeded or vanished get a fresh one,
/// jobs that Hangfire failed past every filter run again, jobs whose worker died go to the front of their queue, and
/// jobs parked by a pause that ended get enqueued again. It runs on a queue of its own that workers take before the
/// attempts' queue, or its repairs would wait behind the very backlog that delays them.
/// </summary>
internal sealed class OutboxSweepJob(
    AppDbContext db, TaskEnqueuer enqueuer, CompletionCallbacks callbacks, ClusterPause pause, ParkedJobs parked,
    IBackgroundJobClient jobs, OrphanedJobs orphanedJobs, TimeProvider clock, ILogger<OutboxSweepJob> logger)
{
    /// <summary>Sorts after <see cref="CallbackJob.Queue"/> and before "default": Hangfire.PostgreSql fetches by queue name.</summary>
    public const string Queue = "control";
    public const string RecurringId = "servicetasks-outbox-sweep";
    public const string Cron = "*/15 * * * * *";
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);
    private const int Batch = 500;

    [Queue(Queue)]
    public async Task RunAsync()
    {
        await orphanedJobs.RequeueAsync();
        db.Tenant.UseAllApps();
        var before = clock.GetUtcNow() - Grace;

        var orphans = await db.ServiceTasks.Where(t => t.HangfireJobId == null && t.Status == ServiceTaskStatus.Pending && t.CreatedAt < before)
            .OrderBy(t => t.CreatedAt).Select(t => t.Id).Take(Batch).ToListAsync();
        foreach (var id in orphans) await enqueuer.StartJobAsync(id);

        var silent = await db.ServiceTasks.Where(t => t.CallbackJobId == null && t.CompletedAt != null && t.CompletedAt < before)
            .OrderBy(t => t.CompletedAt).Select(t => t.Id).Take(Batch).ToListAsync();
        foreach (var id in silent) await callbacks.StartAsync(id);

        foreach (var jobId in await StrandedJobsAsync()) jobs.Requeue(jobId, FailedState.StateName);

        foreach (var lost in await LostJobsAsync()) await RequeueAsync(lost);

        if (!pause.IsPaused()) await parked.RequeueAsync(processOnce: false);
    }

    /// <summary>
    /// An unfinished task whose job can no longer run it: deleted (the dashboard lets operators), succeeded without
    /// finishing it, or gone from storage. No state of a healthy task looks like this — a new task's job commits with
    /// its row, a retry's job exists before the task names it, a running job is Processing, and a job only succeeds
    /// after its task's move has committed — so no grace is needed. One row per task: "task-id job-id state". An
    /// unfinished task has no completed_at (a check constraint), which keeps this read off the finished history.
    /// </summary>
    private Task<List<string>> LostJobsAsync() => db.Database.SqlQuery<string>($$"""
        SELECT t.id::text || ' ' || t.hangfire_job_id || ' ' || coalesce(j.statename, 'missing') AS "Value"
        FROM service_tasks t
        LEFT JOIN hangfire.job j ON j.id = CASE WHEN t.hangfire_job_id ~ '^[0-9]{1,18}$' THEN t.hangfire_job_id::bigint END
        WHERE t.completed_at IS NULL AND t.status IN ({{ServiceTaskStatus.Pending}}, {{ServiceTaskStatus.Running}})
          AND t.hangfire_job_id ~ '^[0-9]{1,18}$' AND (j.id IS NULL OR j.statename IN ({{DeletedState.StateName}}, {{SucceededState.StateName}}))
        ORDER BY t.created_at
        LIMIT {{Batch}}
        """).ToListAsync();

    /// <summary>
    /// A fresh job, not the old one brought back: a deleted or succeeded job may already be expiring, and a fresh one
    /// starts clean. The task keeps its attempts, retry budget and next_attempt_at (the new job waits until it is due);
    /// an interrupted RUNNING attempt becomes PENDING again. Cancelling is the API's job, not the dashboard's.
    /// </summary>
    private async Task RequeueAsync(string lost)
    {
        var (taskId, jobId, state) = lost.Split(' ') is [var t, var j, var s] ? (Guid.Parse(t), j, s) : throw new FormatException(lost);
        var released = await db.ServiceTasks
            .Where(t => t.Id == taskId && t.HangfireJobId == jobId && (t.Status == ServiceTaskStatus.Pending || t.Status == ServiceTaskStatus.Running))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.HangfireJobId, (string?)null).SetProperty(t => t.Status, ServiceTaskStatus.Pending));
        if (released == 0) return; // moved on meanwhile
        var fresh = await enqueuer.StartJobAsync(taskId);
        logger.LogWarning("Task {TaskId} was unfinished but its job {JobId} is {State}; it runs on under a fresh job {NewJobId}",
            taskId, jobId, state, fresh);
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
