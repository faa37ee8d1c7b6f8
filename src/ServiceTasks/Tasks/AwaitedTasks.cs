using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Tasks;

/// <summary>
/// The tasks somebody waits for right now, one row per waiting request in the unlogged table awaited_tasks. The
/// trigger that wakes waiters (migration NotifyTerminalTasksOnlyWhenAwaited) notifies a terminal move only when its
/// task has a row here: every notification wakes every listening backend of the database, Hangfire's idle fetchers
/// included, and most tasks are never waited for.
/// </summary>
internal static class AwaitedTasks
{
    /// <summary>A waiter's row lives at most this long: one a crashed process left behind only costs notifications.</summary>
    private const string Abandoned = "5 minutes";

    public static async Task<Guid> AddAsync(AppDbContext db, Guid taskId, CancellationToken aborted)
    {
        var waiter = Guid.CreateVersion7();
        await db.Database.ExecuteSqlAsync($"INSERT INTO awaited_tasks (waiter_id, task_id) VALUES ({waiter}, {taskId})", aborted);
        return waiter;
    }

    /// <summary>
    /// The first read after <see cref="AddAsync"/>: FOR SHARE waits for a move still in flight, whose trigger may have
    /// looked before the row above was committed, so that move is seen here rather than missed.
    /// </summary>
    public static Task<ServiceTask?> ReadSettledAsync(AppDbContext db, Guid taskId, CancellationToken aborted) =>
        db.ServiceTasks.FromSql($"SELECT * FROM service_tasks WHERE id = {taskId} FOR SHARE").AsNoTracking().FirstOrDefaultAsync(aborted);

    public static Task RemoveAsync(AppDbContext db, Guid waiter) =>
        db.Database.ExecuteSqlAsync(
            $"DELETE FROM awaited_tasks WHERE waiter_id = {waiter} OR since < now() - CAST({Abandoned} AS interval)", CancellationToken.None);
}
