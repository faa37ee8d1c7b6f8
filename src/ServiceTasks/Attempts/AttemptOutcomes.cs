using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Attempts;

/// <summary>
/// Records how an attempt ended (see docs/execution.md): its log row and the task's move share one transaction, and
/// every move names the job that owns the task, so a duplicate or late job cannot move a task it does not own.
/// </summary>
internal sealed class AttemptOutcomes(
    AppDbContext db, ServiceVersions versions, TerminalMoves moves, TimeProvider clock, ILogger<AttemptOutcomes> logger)
{
    public async Task SucceedAsync(StartedAttempt attempt, string jobId, AttemptResult result)
    {
        db.ServiceExecutionLogs.Add(LogRow(attempt.Task, attempt.Service.ServiceName, attempt.AttemptIndex, result));
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.SaveChangesAsync();
        var output = result.ResponseData is null ? null : JsonSerializer.SerializeToDocument(result.ResponseData);
        var moved = await moves.MoveAsync(attempt.Task.Id, jobId, ServiceTaskStatus.Completed, output, null);
        await transaction.CommitAsync();
        await moves.StartCallbackAsync(attempt.Task.Id, moved);
    }

    /// <summary>Records a failed attempt and moves the task on: a retry (with its delay), or a terminal state. Null when the task is gone.</summary>
    public async Task<RetryOutcome?> AfterFailedAttemptAsync(Guid taskId, string jobId, AttemptResult result)
    {
        db.Tenant.UseAllApps();
        var task = await db.ServiceTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId);
        if (task is null)
        {
            logger.LogInformation("Task {TaskId} no longer exists; its failed attempt is not recorded", taskId);
            return null;
        }
        var service = (await versions.FindAsync(task.ServiceConfigId, task.ConfigVersion))!;
        var retriesUsed = task.Attempts - task.AttemptBudgetStart - 1;
        var decision = RetrySchedule.Decide(service.RetryPolicy, retriesUsed, task.MaxRetries, result, task.CreatedAt,
            clock.GetUtcNow(), Random.Shared.NextDouble());

        db.ServiceExecutionLogs.Add(LogRow(task, service.ServiceName, task.Attempts - 1, result));
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.SaveChangesAsync();
        if (decision.Delay is { } delay && task.CancelRequestedAt is null)
        {
            var due = clock.GetUtcNow() + delay;
            await db.ServiceTasks.Where(t => t.Id == taskId && t.HangfireJobId == jobId && t.Status == ServiceTaskStatus.Running)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(t => t.Status, ServiceTaskStatus.Pending)
                    .SetProperty(t => t.NextAttemptAt, due)
                    .SetProperty(t => t.ErrorMessage, result.ErrorMessage));
            await transaction.CommitAsync();
            return new RetryOutcome(delay, retriesUsed + 1, task.MaxRetries);
        }

        var cancelled = task.CancelRequestedAt is not null;
        var moved = await moves.MoveAsync(taskId, jobId, cancelled ? ServiceTaskStatus.Cancelled : ServiceTaskStatus.Failed, null,
            cancelled ? "Cancelled while the attempt ran; not retried." : decision.FailureMessage);
        await transaction.CommitAsync();
        await moves.StartCallbackAsync(taskId, moved);
        return new RetryOutcome(null, retriesUsed, task.MaxRetries);
    }

    /// <summary>
    /// Fails a task whose tries kept breaking for a reason other than the service's answer: a log row naming the cause
    /// and the move, in one transaction, or the move alone if even the log row cannot be written. False when the
    /// task is gone or no longer this job's.
    /// </summary>
    public async Task<bool> FailBrokenAsync(Guid taskId, string jobId, string message)
    {
        db.ChangeTracker.Clear(); // what the broken try left behind (an unsaved log row) must not be saved now
        db.Tenant.UseAllApps();
        var task = await db.ServiceTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId);
        if (task is null) return false;
        var serviceName = await db.ServiceConfigurations.Where(c => c.Id == task.ServiceConfigId).Select(c => c.ServiceName).FirstOrDefaultAsync();
        TerminalMove? moved;
        try
        {
            db.ServiceExecutionLogs.Add(LogRow(task, serviceName ?? "(deleted service)", Math.Max(task.Attempts - 1, 0),
                new AttemptResult { Status = ExecutionStatus.Failed, ErrorMessage = message }));
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.SaveChangesAsync();
            moved = await moves.MoveAsync(taskId, jobId, ServiceTaskStatus.Failed, null, message);
            await transaction.CommitAsync();
        }
        catch (Exception e) when (e is DbException or DbUpdateException)
        {
            db.ChangeTracker.Clear();
            moved = await moves.MoveAsync(taskId, jobId, ServiceTaskStatus.Failed, null, message);
        }
        await moves.StartCallbackAsync(taskId, moved);
        return moved is not null;
    }

    private ServiceExecutionLog LogRow(ServiceTask task, string serviceName, int attemptIndex, AttemptResult result) => new()
    {
        AppUuid = task.AppUuid,
        ServiceTaskId = task.Id,
        ServiceConfigId = task.ServiceConfigId,
        ServiceName = serviceName,
        InstanceId = task.InstanceId,
        Status = result.Status,
        RequestData = result.RequestData is null ? null : JsonSerializer.SerializeToDocument(result.RequestData),
        ResponseData = result.ResponseData is null ? null : JsonSerializer.SerializeToDocument(result.ResponseData),
        ResponseTruncated = result.ResponseTruncated,
        ErrorMessage = result.ErrorMessage,
        ExecutionTimeMs = result.ExecutionTimeMs,
        HttpStatusCode = result.HttpStatusCode,
        RetryAttempt = attemptIndex,
        TraceId = TaskTracing.CurrentTraceId(),
        CreatedAt = clock.GetUtcNow(),
    };
}
