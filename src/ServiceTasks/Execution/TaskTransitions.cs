using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ServiceTasks.Data;
using ServiceTasks.Logs;
using ServiceTasks.Services;
using ServiceTasks.Tasks;

namespace ServiceTasks.Execution;

/// <summary>An attempt that has started: the task as it was, the configuration version it runs, and its number from 0.</summary>
public sealed record StartedAttempt(ServiceTask Task, ServiceConfiguration Service, int AttemptIndex);

public sealed record RetryOutcome(TimeSpan? Delay, int RetryNumber, int MaxRetries);

/// <summary>An attempt that started, or none: because the cluster is paused, or because the task is not this job's to run.</summary>
public sealed record StartOutcome(StartedAttempt? Attempt, bool Paused)
{
    public static readonly StartOutcome NotOurs = new(null, false);
}

/// <summary>
/// Every move of a task's status (SPEC §6/§8), each one a conditional update that names the job that owns the task,
/// so a duplicate or late job cannot move a task it does not own. The log row and the move share one transaction.
/// </summary>
public sealed class TaskTransitions(
    AppDbContext db, ServiceVersions versions, CompletionCallbacks callbacks, ClusterPause pause, TimeProvider clock)
{
    /// <summary>
    /// Claims the task for this job and starts an attempt, in one conditional update that also honours the
    /// cluster-wide pause: two round trips on the hot path (read the task, then the update).
    /// </summary>
    public async Task<StartOutcome> StartAttemptAsync(Guid taskId, string jobId, bool ignorePause)
    {
        db.Tenant.UseAllApps();
        var task = await db.ServiceTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId);
        if (task is null || ServiceTaskStatus.IsTerminal(task.Status) || task.HangfireJobId is { } owner && owner != jobId)
            return StartOutcome.NotOurs;

        var service = await versions.FindAsync(task.ServiceConfigId, task.ConfigVersion);
        var now = clock.GetUtcNow();
        var failure = service is null ? $"Configuration version {task.ConfigVersion} of the service no longer exists."
            : service.RetryPolicy.DeadlineSeconds is { } deadline && now > task.CreatedAt.AddSeconds(deadline)
                ? $"Deadline of {deadline} s passed before attempt {task.Attempts + 1} could start."
                : null;
        if (failure is not null)
        {
            if (await TaskClaims.ClaimAttemptJobAsync(db, taskId, jobId)) await FinishAsync(taskId, jobId, ServiceTaskStatus.Failed, null, failure);
            return StartOutcome.NotOurs;
        }

        var started = await db.Database.ExecuteSqlRawAsync(
            "UPDATE service_tasks SET hangfire_job_id = {1}, status = 'RUNNING', attempts = attempts + 1, " +
            "started_at = coalesce(started_at, {2}), next_attempt_at = NULL " +
            "WHERE id = {0} AND (hangfire_job_id IS NULL OR hangfire_job_id = {1}) AND status IN ('PENDING', 'RUNNING') " +
            "AND ({3} OR " + ClusterPause.NotPausedSql + ")",
            taskId, jobId, now, ignorePause);
        if (started == 1) return new StartOutcome(new StartedAttempt(task, service!, task.Attempts), Paused: false);
        return new StartOutcome(null, Paused: !ignorePause && pause.IsPaused());
    }

    public async Task SucceedAsync(StartedAttempt attempt, string jobId, AttemptResult result)
    {
        db.ServiceExecutionLogs.Add(LogRow(attempt.Task, attempt.Service, attempt.AttemptIndex, result));
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.SaveChangesAsync();
        var output = result.ResponseData is null ? null : JsonSerializer.SerializeToDocument(result.ResponseData);
        var moved = await MoveToTerminalAsync(attempt.Task.Id, jobId, ServiceTaskStatus.Completed, output, null);
        await transaction.CommitAsync();
        if (moved) await callbacks.StartAsync(attempt.Task.Id);
    }

    public async Task<RetryOutcome> AfterFailedAttemptAsync(Guid taskId, string jobId, AttemptResult result)
    {
        db.Tenant.UseAllApps();
        var task = await db.ServiceTasks.AsNoTracking().FirstAsync(t => t.Id == taskId);
        var service = (await versions.FindAsync(task.ServiceConfigId, task.ConfigVersion))!;
        var retriesUsed = task.Attempts - task.AttemptBudgetStart - 1;
        var decision = RetrySchedule.Decide(service.RetryPolicy, retriesUsed, task.MaxRetries, result, task.CreatedAt,
            clock.GetUtcNow(), Random.Shared.NextDouble());

        db.ServiceExecutionLogs.Add(LogRow(task, service, task.Attempts - 1, result));
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
        var moved = await MoveToTerminalAsync(taskId, jobId, cancelled ? ServiceTaskStatus.Cancelled : ServiceTaskStatus.Failed, null,
            cancelled ? "Cancelled while the attempt ran; not retried." : decision.FailureMessage);
        await transaction.CommitAsync();
        if (moved) await callbacks.StartAsync(taskId);
        return new RetryOutcome(null, retriesUsed, task.MaxRetries);
    }

    private async Task FinishAsync(Guid taskId, string jobId, string status, JsonDocument? output, string? error)
    {
        if (await MoveToTerminalAsync(taskId, jobId, status, output, error)) await callbacks.StartAsync(taskId);
    }

    private async Task<bool> MoveToTerminalAsync(Guid taskId, string jobId, string status, JsonDocument? output, string? error)
    {
        var now = clock.GetUtcNow();
        return await db.ServiceTasks
            .Where(t => t.Id == taskId && t.HangfireJobId == jobId
                && (t.Status == ServiceTaskStatus.Pending || t.Status == ServiceTaskStatus.Running))
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => t.Status, status)
                .SetProperty(t => t.OutputData, output)
                .SetProperty(t => t.ErrorMessage, error)
                .SetProperty(t => t.NextAttemptAt, (DateTimeOffset?)null)
                .SetProperty(t => t.CompletedAt, now)) == 1;
    }

    private ServiceExecutionLog LogRow(ServiceTask task, ServiceConfiguration service, int attemptIndex, AttemptResult result) => new()
    {
        AppUuid = task.AppUuid,
        ServiceTaskId = task.Id,
        ServiceConfigId = task.ServiceConfigId,
        ServiceName = service.ServiceName,
        InstanceId = task.InstanceId,
        Status = result.Status,
        RequestData = result.RequestData is null ? null : JsonSerializer.SerializeToDocument(result.RequestData),
        ResponseData = result.ResponseData is null ? null : JsonSerializer.SerializeToDocument(result.ResponseData),
        ResponseTruncated = result.ResponseTruncated,
        ErrorMessage = result.ErrorMessage,
        ExecutionTimeMs = result.ExecutionTimeMs,
        HttpStatusCode = result.HttpStatusCode,
        RetryAttempt = attemptIndex,
        CreatedAt = clock.GetUtcNow(),
    };
}
