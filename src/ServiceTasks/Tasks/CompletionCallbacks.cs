using Hangfire;
using Microsoft.EntityFrameworkCore;
using ServiceTasks.Data;

namespace ServiceTasks.Tasks;

/// <summary>Starts the one callback sequence of a task that reached a terminal state (SPEC §9).</summary>
public sealed class CompletionCallbacks(AppDbContext db, IBackgroundJobClient jobs)
{
    /// <summary>Marks a task whose app and task name no callback URL: nothing to send, nothing for the sweep to repair.</summary>
    public const string NoCallback = "none";

    public async Task StartAsync(Guid taskId)
    {
        var target = await db.ServiceTasks.IgnoreQueryFilters().Where(t => t.Id == taskId)
            .Select(t => t.CallbackUrl ?? db.Apps.Where(a => a.AppUuid == t.AppUuid).Select(a => a.CallbackUrl).FirstOrDefault())
            .FirstOrDefaultAsync();
        if (target is null)
        {
            await TaskClaims.ClaimCallbackJobAsync(db, taskId, NoCallback);
            return;
        }

        var jobId = CallbackJob.Enqueue(jobs, taskId);
        if (!await TaskClaims.ClaimCallbackJobAsync(db, taskId, jobId)) jobs.Delete(jobId);
    }
}
