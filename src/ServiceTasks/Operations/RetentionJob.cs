using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ServiceTasks.Operations;

/// <summary>
/// Hourly: deletes execution logs older than Retention:LogDays, and finished tasks and callback deliveries older than
/// Retention:TaskDays, a batch per statement (each its own short transaction), so no lock is held for long and
/// running tasks never wait on it.
/// </summary>
internal sealed class RetentionJob(AppDbContext db, IOptions<RetentionOptions> options, TimeProvider clock, ILogger<RetentionJob> logger)
{
    public const string RecurringId = "servicetasks-retention";
    public const string Cron = "17 * * * *";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // Raw SQL skips the EF filters, not row-level security: without this every DELETE would match nothing.
        db.Tenant.UseAllApps();
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var logsBefore = now.AddDays(-settings.LogDays);
        var tasksBefore = now.AddDays(-settings.TaskDays);
        var batch = settings.BatchSize;

        var logs = await DeleteInBatchesAsync(cancellationToken, () => db.Database.ExecuteSqlAsync($"""
            DELETE FROM service_execution_logs WHERE id IN
              (SELECT id FROM service_execution_logs WHERE created_at < {logsBefore} LIMIT {batch})
            """, cancellationToken));
        var deliveries = await DeleteInBatchesAsync(cancellationToken, () => db.Database.ExecuteSqlAsync($"""
            DELETE FROM callback_deliveries WHERE id IN
              (SELECT id FROM callback_deliveries WHERE created_at < {tasksBefore} LIMIT {batch})
            """, cancellationToken));
        // A task's remaining deliveries go with it (ON DELETE CASCADE).
        var tasks = await DeleteInBatchesAsync(cancellationToken, () => db.Database.ExecuteSqlAsync($"""
            DELETE FROM service_tasks WHERE id IN
              (SELECT id FROM service_tasks WHERE completed_at < {tasksBefore}
               AND status IN ('COMPLETED', 'FAILED', 'CANCELLED') LIMIT {batch})
            """, cancellationToken));

        if (logs + deliveries + tasks > 0)
            logger.LogInformation("Retention deleted {Logs} execution logs, {Deliveries} callback deliveries and {Tasks} finished tasks",
                logs, deliveries, tasks);
    }

    private static async Task<long> DeleteInBatchesAsync(CancellationToken cancellationToken, Func<Task<int>> deleteBatch)
    {
        long total = 0;
        int deleted;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            deleted = await deleteBatch();
            total += deleted;
        } while (deleted > 0);
        return total;
    }
}
