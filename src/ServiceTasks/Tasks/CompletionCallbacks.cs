using Hangfire;
using Microsoft.EntityFrameworkCore;
using ServiceTasks.Data;

namespace ServiceTasks.Tasks;

/// <summary>Starts the one callback sequence of a task that reached a terminal state.</summary>
public sealed class CompletionCallbacks(AppDbContext db, IBackgroundJobClient jobs)
{
    /// <summary>Marks a task whose app and task name no callback URL: nothing to send, nothing for the sweep to repair.</summary>
    public const string NoCallback = "none";

    /// <summary>
    /// SQL for the <c>callback_job_id</c> of a task row aliased <c>t</c> as it turns terminal: <see cref="NoCallback"/>
    /// when neither the task nor its app names a callback URL, else unchanged (NULL until a callback job claims it).
    /// The terminal update writes it, so the common case costs no statement of its own.
    /// </summary>
    public const string SettledCallbackSql =
        $"""
        CASE WHEN t.callback_job_id IS NULL AND t.callback_url IS NULL
                  AND NOT EXISTS (SELECT 1 FROM apps AS a WHERE a.app_uuid = t.app_uuid AND a.callback_url IS NOT NULL)
             THEN '{NoCallback}' ELSE t.callback_job_id END
        """;

    /// <summary>For a task that turned terminal without settling its callback (a cancel, the sweep's repair).</summary>
    public async Task StartAsync(Guid taskId)
    {
        var settled = await db.Database.SqlQueryRaw<string?>(
            $"UPDATE service_tasks AS t SET callback_job_id = {SettledCallbackSql} WHERE t.id = {{0}} AND t.callback_job_id IS NULL RETURNING t.callback_job_id AS \"Value\"",
            taskId).ToListAsync();
        if (settled is [null]) await EnqueueAsync(taskId);
    }

    /// <summary>Enqueues the callback job of a task whose callback is unsettled; a job that loses the claim is deleted.</summary>
    public async Task EnqueueAsync(Guid taskId)
    {
        var jobId = CallbackJob.Enqueue(jobs, taskId);
        if (!await TaskClaims.ClaimCallbackJobAsync(db, taskId, jobId)) jobs.Delete(jobId);
    }
}
