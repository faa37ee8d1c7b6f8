using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Tasks;

/// <summary>
/// A new task names its job from the start: the enqueue writes the row and the job in one transaction. A task that
/// needs another job (a manual retry, or the sweep's repair of a task whose job is gone or never came) has its job
/// cleared first and gets a fresh one, which its enqueuer claims with this conditional update, or the job itself if
/// it runs before that claim. The first claim wins; a job that loses it is deleted by its enqueuer and runs nothing.
/// </summary>
internal static class TaskClaims
{
    public static async Task<bool> ClaimAttemptJobAsync(AppDbContext db, Guid taskId, string jobId) =>
        await db.ServiceTasks.IgnoreQueryFilters()
            .Where(t => t.Id == taskId && (t.HangfireJobId == null || t.HangfireJobId == jobId))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.HangfireJobId, jobId)) == 1;

    /// <summary>
    /// A FAILED task back to PENDING with a fresh budget of max_retries + 1 attempts (<c>attempts</c> keeps counting).
    /// With <paramref name="jobId"/> only if that job still owns it, and it stays that job's (a requeue in the
    /// dashboard); without, its job is cleared for a fresh one to claim (a manual retry).
    /// </summary>
    public static async Task<bool> RetryFailedAsync(AppDbContext db, Guid taskId, string? jobId) =>
        await db.ServiceTasks.Where(t => t.Id == taskId && t.Status == ServiceTaskStatus.Failed && (jobId == null || t.HangfireJobId == jobId))
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => t.Status, ServiceTaskStatus.Pending)
                .SetProperty(t => t.AttemptBudgetStart, t => t.Attempts)
                .SetProperty(t => t.ErrorMessage, (string?)null)
                .SetProperty(t => t.NextAttemptAt, (DateTimeOffset?)null)
                .SetProperty(t => t.CompletedAt, (DateTimeOffset?)null)
                .SetProperty(t => t.HangfireJobId, jobId)
                .SetProperty(t => t.CallbackJobId, (string?)null)) == 1;
}
