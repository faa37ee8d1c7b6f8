using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Tasks;

/// <summary>
/// Cancelling one task: a PENDING one (waiting for a retry included) becomes CANCELLED at once, its job is deleted and
/// its callback starts; a RUNNING one is asked to stop (its attempt finishes, and a failure then ends CANCELLED).
/// The single-task endpoint and the instance-wide one share it, so both mean the same.
/// </summary>
internal sealed class TaskCancellation(AppDbContext db, IBackgroundJobClient jobs, CompletionCallbacks callbacks, TimeProvider clock)
{
    public enum Outcome { NotFound, Cancelled, CancelRequested, AlreadyFinished }

    public async Task<Outcome> CancelAsync(Guid id)
    {
        var task = await db.ServiceTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id);
        if (task is null) return Outcome.NotFound;
        var now = clock.GetUtcNow();
        if (task.Status == ServiceTaskStatus.Pending
            && await db.ServiceTasks.Where(t => t.Id == id && t.Status == ServiceTaskStatus.Pending).ExecuteUpdateAsync(s => s
                .SetProperty(t => t.Status, ServiceTaskStatus.Cancelled)
                .SetProperty(t => t.NextAttemptAt, (DateTimeOffset?)null)
                .SetProperty(t => t.CompletedAt, now)) == 1)
        {
            if (task.HangfireJobId is { } jobId) jobs.Delete(jobId);
            await callbacks.StartAsync(id);
            return Outcome.Cancelled;
        }
        return await db.ServiceTasks.Where(t => t.Id == id && t.Status == ServiceTaskStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.CancelRequestedAt, now)) == 1
            ? Outcome.CancelRequested
            : Outcome.AlreadyFinished;
    }
}
