using Microsoft.EntityFrameworkCore;
using ServiceTasks.Data;

namespace ServiceTasks.Tasks;

/// <summary>
/// The repair half of the two-step writes: every few seconds, tasks that a crash left without their attempt job or
/// without their callback job get one, and jobs parked by a pause that ended get enqueued again.
/// </summary>
public sealed class OutboxSweepJob(AppDbContext db, TaskEnqueuer enqueuer, CompletionCallbacks callbacks, ClusterPause pause, TimeProvider clock)
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

        if (!pause.IsPaused()) pause.RequeueParked(processOnce: false);
    }
}
