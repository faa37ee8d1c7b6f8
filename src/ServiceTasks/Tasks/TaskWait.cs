using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Tasks;

/// <summary>
/// <c>GET /api/service-tasks/{id}?wait_seconds=N</c>: the task as soon as it is terminal, or as it is when N seconds
/// have passed. A waiting request holds neither a thread nor a database connection: it subscribes to the process's
/// <see cref="TaskCompletionSignals"/> before each read of the row, and reads again (tenant-scoped, like any read)
/// when woken.
/// </summary>
internal static class TaskWait
{
    public const string Parameter = "wait_seconds";
    public const int MaxSeconds = 60;

    /// <summary>0 when absent; null (with the field error) when not a whole number of seconds from 0 to 60.</summary>
    public static int? Parse(FieldErrors errors, string? raw)
    {
        if (raw is null) return 0;
        if (int.TryParse(raw, out var seconds) && seconds is >= 0 and <= MaxSeconds) return seconds;
        errors.Add(Parameter, $"must be a whole number of seconds from 0 to {MaxSeconds}.");
        return null;
    }

    public static async Task<TaskResponse?> ReadAsync(
        AppDbContext db, JobStorage storage, TaskCompletionSignals signals, Guid id, int waitSeconds, TimeProvider clock, CancellationToken aborted)
    {
        if (waitSeconds == 0) return await ReadLoopAsync(db, storage, signals, id, clock.GetUtcNow(), clock, aborted);
        var waiter = await AwaitedTasks.AddAsync(db, id, aborted);
        try
        {
            return await ReadLoopAsync(db, storage, signals, id, clock.GetUtcNow().AddSeconds(waitSeconds), clock, aborted, waiter);
        }
        finally
        {
            await AwaitedTasks.RemoveAsync(db, waiter);
        }
    }

    private static async Task<TaskResponse?> ReadLoopAsync(AppDbContext db, JobStorage storage, TaskCompletionSignals signals, Guid id,
        DateTimeOffset deadline, TimeProvider clock, CancellationToken aborted, Guid? waiter = null)
    {
        var first = waiter is not null;
        while (true)
        {
            var left = deadline - clock.GetUtcNow();
            using var subscription = left > TimeSpan.Zero ? signals.Subscribe(id) : null;
            var task = first ? await AwaitedTasks.ReadSettledAsync(db, id, aborted)
                : await db.ServiceTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, aborted);
            first = false;
            if (task is null) return null;
            if (subscription is null || ServiceTaskStatus.IsTerminal(task.Status)) return await WithHistoryAsync(db, storage, task, aborted);
            // Woken: read again. Timed out: read once more without waiting, so the answer is the task as it is now.
            if (!await subscription.WaitAsync(left, aborted)) deadline = clock.GetUtcNow();
        }
    }

    private static async Task<TaskResponse> WithHistoryAsync(AppDbContext db, JobStorage storage, ServiceTask task, CancellationToken aborted)
    {
        var id = task.Id;
        var executions = await db.ServiceExecutionLogs.AsNoTracking().Where(l => l.ServiceTaskId == id)
            .OrderBy(l => l.RetryAttempt).ThenBy(l => l.Id).Select(l => TaskAttemptSummary.From(l)).ToListAsync(aborted);
        var deliveries = await db.CallbackDeliveries.AsNoTracking().Where(d => d.ServiceTaskId == id)
            .OrderBy(d => d.Id).Select(d => CallbackDeliveryResponse.From(d)).ToListAsync(aborted);
        var callback = (await CallbackStates.OfAsync(db, storage, [task])).TryGetValue(id, out var c) ? c : ((string, string?)?)null;
        return TaskResponse.From(task, callback) with { Executions = executions, CallbackDeliveries = deliveries };
    }
}
