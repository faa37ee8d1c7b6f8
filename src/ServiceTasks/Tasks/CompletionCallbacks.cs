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
        // One statement settles the common case, a task with nowhere to call back to.
        var nothingToSend = await db.ServiceTasks.IgnoreQueryFilters()
            .Where(t => t.Id == taskId && t.CallbackJobId == null && t.CallbackUrl == null
                && !db.Apps.Any(a => a.AppUuid == t.AppUuid && a.CallbackUrl != null))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.CallbackJobId, NoCallback));
        if (nothingToSend == 1) return;

        var jobId = CallbackJob.Enqueue(jobs, taskId);
        if (!await TaskClaims.ClaimCallbackJobAsync(db, taskId, jobId)) jobs.Delete(jobId);
    }
}
