using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Callbacks;

/// <summary>
/// One more delivery of a finished task's last outcome, asked for by an admin or the engine (after delivery gave up, or
/// the engine lost it). It frees the task's callback slot for that outcome and starts a sequence through the usual
/// path (<see cref="CompletionCallbacks.EnqueueAsync"/>): a new <c>webhook-id</c>, its own retries, each attempt a
/// row in callback_deliveries. A sequence still retrying for the same outcome loses the slot and stops.
/// </summary>
internal sealed class CallbackRedelivery(AppDbContext db, CompletionCallbacks callbacks)
{
    public enum Outcome { Started, NotFound, NotFinished, NoCallbackUrl }

    public async Task<Outcome> RedeliverAsync(Guid taskId)
    {
        var task = await db.ServiceTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId);
        if (task is null) return Outcome.NotFound;
        if (!ServiceTaskStatus.IsTerminal(task.Status) || task.CompletedAt is not { } completedAt) return Outcome.NotFinished;
        var url = task.CallbackUrl ?? await db.Apps.Where(a => a.AppUuid == task.AppUuid).Select(a => a.CallbackUrl).SingleOrDefaultAsync();
        if (url is null) return Outcome.NoCallbackUrl;

        var freed = await db.ServiceTasks.Where(t => t.Id == taskId && t.CompletedAt == completedAt)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.CallbackJobId, (string?)null));
        if (freed == 0) return Outcome.NotFinished; // retried meanwhile: the new outcome will have its own callback
        await callbacks.EnqueueAsync(taskId, completedAt);
        return Outcome.Started;
    }
}
