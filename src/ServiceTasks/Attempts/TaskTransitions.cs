using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace ServiceTasks.Attempts;

/// <summary>An attempt that has started: the task as it was, the configuration version it runs, and its number from 0.</summary>
internal sealed record StartedAttempt(ServiceTask Task, ServiceConfiguration Service, int AttemptIndex);

/// <summary>A task claimed by its job, with the configuration version it runs, before its attempt counts.</summary>
internal sealed record PreparedAttempt(ServiceTask Task, ServiceConfiguration Service);

internal sealed record RetryOutcome(TimeSpan? Delay, int RetryNumber, int MaxRetries);

/// <summary>
/// Every move of a task's status (see docs/execution.md), each one a conditional update that names the job that owns the task,
/// so a duplicate or late job cannot move a task it does not own. The log row and the move share one transaction.
/// </summary>
internal sealed class TaskTransitions(
    AppDbContext db, ServiceVersions versions, CompletionCallbacks callbacks, ClusterPause pause, TimeProvider clock, ILogger<TaskTransitions> logger)
{
    /// <summary>
    /// Claims the task for this job and loads what the attempt runs, or ends the task (its version gone, its deadline
    /// passed) and answers no attempt. <paramref name="waitingFor"/> names what a deferred task was waiting for, if it was.
    /// With <paramref name="unlessPaused"/> it reads nothing and answers Paused while the cluster is paused.
    /// </summary>
    public async Task<(PreparedAttempt? Attempt, bool Paused)> PrepareAttemptAsync(Guid taskId, string jobId, Func<string?> waitingFor, bool unlessPaused)
    {
        db.Tenant.UseAllApps();
        var tasks = unlessPaused ? db.ServiceTasks.FromSqlRaw(ClusterPause.TasksUnlessPausedSql) : db.ServiceTasks;
        var task = await tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId);
        if (task is null && unlessPaused && pause.IsPaused()) return (null, true);
        if (task is null)
        {
            // Deleted with its app (or by hand): nothing to run, and nothing to retry.
            logger.LogInformation("Task {TaskId} no longer exists; its job {JobId} ends without an attempt", taskId, jobId);
            return (null, false);
        }
        if (ServiceTaskStatus.IsTerminal(task.Status)) return (null, false);
        // The enqueuer claims the task for its job right after creating it, so this is only a read; a job that
        // started before that claim (or one the sweep made) claims here, and a job that lost the claim stops.
        if (task.HangfireJobId != jobId && !await TaskClaims.ClaimAttemptJobAsync(db, taskId, jobId)) return (null, false);

        var service = await versions.FindAsync(task.ServiceConfigId, task.ConfigVersion);
        string? failure = service is null ? $"Configuration version {task.ConfigVersion} of the service no longer exists."
            : TimeToDeadline(task, service) <= TimeSpan.Zero && service.RetryPolicy.DeadlineSeconds is { } deadline
                ? waitingFor() is { } reason ? $"Deadline of {deadline} s passed while waiting for {reason}."
                : $"Deadline of {deadline} s passed before attempt {task.Attempts + 1} could start."
            : null;
        if (failure is not null)
        {
            await FinishAsync(taskId, jobId, ServiceTaskStatus.Failed, null, failure);
            return (null, false);
        }
        return (new PreparedAttempt(task, service!), false);
    }

    /// <summary>How long until a retry is due (zero or negative when it is, or for a first attempt).</summary>
    public TimeSpan UntilDue(ServiceTask task) => task.NextAttemptAt is { } due ? due - clock.GetUtcNow() : TimeSpan.Zero;

    /// <summary>How long until no attempt may start (negative once passed); null without a deadline.</summary>
    public TimeSpan? TimeToDeadline(ServiceTask task, ServiceConfiguration service) =>
        service.RetryPolicy.DeadlineSeconds is { } deadline ? task.CreatedAt.AddSeconds(deadline) - clock.GetUtcNow() : null;

    /// <summary>Fails a task whose attempt never started (a deadline that passes while it waits for a throttle).</summary>
    public Task FailUnstartedAsync(Guid taskId, string jobId, string message) =>
        FinishAsync(taskId, jobId, ServiceTaskStatus.Failed, null, message);

    /// <summary>The attempt begins: it counts from here.</summary>
    public async Task<StartedAttempt?> StartAttemptAsync(PreparedAttempt prepared, string jobId)
    {
        var (task, service) = prepared;
        var now = clock.GetUtcNow();
        var started = await db.ServiceTasks
            .Where(t => t.Id == task.Id && t.HangfireJobId == jobId
                && (t.Status == ServiceTaskStatus.Pending || t.Status == ServiceTaskStatus.Running))
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => t.Status, ServiceTaskStatus.Running)
                .SetProperty(t => t.Attempts, t => t.Attempts + 1)
                .SetProperty(t => t.StartedAt, t => t.StartedAt ?? now)
                .SetProperty(t => t.NextAttemptAt, (DateTimeOffset?)null));
        return started == 1 ? new StartedAttempt(task, service, task.Attempts) : null;
    }

    public async Task SucceedAsync(StartedAttempt attempt, string jobId, AttemptResult result)
    {
        db.ServiceExecutionLogs.Add(LogRow(attempt.Task, attempt.Service, attempt.AttemptIndex, result));
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.SaveChangesAsync();
        var output = result.ResponseData is null ? null : JsonSerializer.SerializeToDocument(result.ResponseData);
        var moved = await MoveToTerminalAsync(attempt.Task.Id, jobId, ServiceTaskStatus.Completed, output, null);
        await transaction.CommitAsync();
        await StartCallbackAsync(attempt.Task.Id, moved);
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
        await StartCallbackAsync(taskId, moved);
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
            moved = await MoveToTerminalAsync(taskId, jobId, ServiceTaskStatus.Failed, null, message);
            await transaction.CommitAsync();
        }
        catch (Exception e) when (e is DbException or DbUpdateException)
        {
            db.ChangeTracker.Clear();
            moved = await MoveToTerminalAsync(taskId, jobId, ServiceTaskStatus.Failed, null, message);
        }
        await StartCallbackAsync(taskId, moved);
        return moved is not null;
    }

    private async Task FinishAsync(Guid taskId, string jobId, string status, JsonDocument? output, string? error) =>
        await StartCallbackAsync(taskId, await MoveToTerminalAsync(taskId, jobId, status, output, error));

    private async Task StartCallbackAsync(Guid taskId, TerminalMove? moved)
    {
        if (moved?.CallbackFor is { } completedAt) await callbacks.EnqueueAsync(taskId, completedAt);
    }

    // Any callback_job_id still set belongs to an earlier outcome's sequence (a manual retry came between): the new
    // outcome starts its own, whatever that one is doing.
    private const string TerminalMoveSql =
        $$"""
        UPDATE service_tasks AS t
        SET status = {0}, output_data = {1}, error_message = {2}, next_attempt_at = NULL, completed_at = {3},
            callback_job_id = {{CompletionCallbacks.SettledCallbackSql}}
        WHERE t.id = {4} AND t.hangfire_job_id = {5} AND t.status IN ('{{ServiceTaskStatus.Pending}}', '{{ServiceTaskStatus.Running}}')
        RETURNING {{CompletionCallbacks.UnsettledOutcomeSql}} AS "Value"
        """;

    /// <summary>
    /// Null when the task was not this job's to move; the same statement settles a callback with no target, and
    /// otherwise answers the outcome (its completed_at) whose callback sequence must start.
    /// </summary>
    private async Task<TerminalMove?> MoveToTerminalAsync(Guid taskId, string jobId, string status, JsonDocument? output, string? error)
    {
        var moved = await db.Database.SqlQueryRaw<DateTimeOffset?>(TerminalMoveSql, status,
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = (object?)output?.RootElement.GetRawText() ?? DBNull.Value },
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)error ?? DBNull.Value },
            clock.GetUtcNow(), taskId, jobId).ToListAsync();
        return moved is [var callbackFor] ? new TerminalMove(callbackFor) : null;
    }

    private sealed record TerminalMove(DateTimeOffset? CallbackFor);

    private ServiceExecutionLog LogRow(ServiceTask task, ServiceConfiguration service, int attemptIndex, AttemptResult result) =>
        LogRow(task, service.ServiceName, attemptIndex, result);

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
        CreatedAt = clock.GetUtcNow(),
    };
}
