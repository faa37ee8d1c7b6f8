using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Tasks;

/// <summary>
/// Row and job are written in two steps, so a crash in between can leave a task without its job or with two jobs.
/// Whoever enqueues (the API, the outbox sweep) and the job itself all claim the task with a conditional update:
/// the first claim wins, and every other job is a no-op that deletes itself.
/// </summary>
internal static class TaskClaims
{
    public static async Task<bool> ClaimAttemptJobAsync(AppDbContext db, Guid taskId, string jobId) =>
        await db.ServiceTasks.IgnoreQueryFilters()
            .Where(t => t.Id == taskId && (t.HangfireJobId == null || t.HangfireJobId == jobId))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.HangfireJobId, jobId)) == 1;
}
