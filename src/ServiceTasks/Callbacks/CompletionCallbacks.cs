using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Callbacks;

/// <summary>
/// Starts the callback sequence of each terminal outcome of a task. A sequence is bound to its outcome, the
/// task's completed_at when it turned terminal: only a job created for that outcome may take the task's callback
/// slot, so the job of an earlier outcome (still retrying after a manual retry) neither takes nor blocks a later one.
/// </summary>
internal sealed class CompletionCallbacks(AppDbContext db, IBackgroundJobClient jobs)
{
    /// <summary>Marks a task whose app and task name no callback URL: nothing to send, nothing for the sweep to repair.</summary>
    public const string NoCallback = "none";

    /// <summary>
    /// SQL for the <c>callback_job_id</c> of a task row aliased <c>t</c> as it turns terminal: <see cref="NoCallback"/>
    /// when neither the task nor its app names a callback URL, else NULL until this outcome's callback job claims it.
    /// The terminal update writes it, so the common case costs no statement of its own.
    /// </summary>
    public const string SettledCallbackSql =
        $"""
        CASE WHEN t.callback_url IS NULL
                  AND NOT EXISTS (SELECT 1 FROM apps AS a WHERE a.app_uuid = t.app_uuid AND a.callback_url IS NOT NULL)
             THEN '{NoCallback}' END
        """;

    /// <summary>What a terminal update returns: the outcome whose callback must be enqueued, or NULL when there is none.</summary>
    public const string UnsettledOutcomeSql = "CASE WHEN t.callback_job_id IS NULL THEN t.completed_at END";

    /// <summary>For a task that turned terminal without settling its callback (a cancel, the sweep's repair).</summary>
    public async Task StartAsync(Guid taskId)
    {
        var unsettled = await db.Database.SqlQueryRaw<DateTimeOffset?>(
            $$"""
            UPDATE service_tasks AS t SET callback_job_id = {{SettledCallbackSql}}
            WHERE t.id = {0} AND t.callback_job_id IS NULL AND t.completed_at IS NOT NULL
            RETURNING {{UnsettledOutcomeSql}} AS "Value"
            """, taskId).ToListAsync();
        if (unsettled is [{ } completedAt]) await EnqueueAsync(taskId, completedAt);
    }

    /// <summary>Enqueues the callback job of one outcome; a job that loses the claim is deleted.</summary>
    public async Task EnqueueAsync(Guid taskId, DateTimeOffset completedAt)
    {
        var jobId = CallbackJob.Enqueue(jobs, taskId, completedAt);
        if (!await ClaimAsync(db, taskId, jobId, completedAt)) jobs.Delete(jobId);
    }

    /// <summary>The task's callback slot for this job: already its own, or free while the task shows this outcome.</summary>
    public static async Task<bool> ClaimAsync(AppDbContext db, Guid taskId, string jobId, DateTimeOffset completedAt) =>
        await db.ServiceTasks.IgnoreQueryFilters()
            .Where(t => t.Id == taskId && (t.CallbackJobId == jobId || (t.CallbackJobId == null && t.CompletedAt == completedAt)))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.CallbackJobId, jobId)) == 1;
}
