using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace ServiceTasks.Attempts;

/// <summary>
/// Records how an attempt ended (see docs/execution.md): the attempt's log row, opened when it started, is finished in
/// the very statement that moves the task, and every move names the job that owns the task, so a duplicate or late job
/// cannot move a task it does not own.
/// </summary>
internal sealed class AttemptOutcomes(
    AppDbContext db, TerminalMoves moves, TimeProvider clock, ILogger<AttemptOutcomes> logger)
{
    private const string CancelledMessage = "Cancelled while the attempt ran; not retried.";

    // {0}-{8}: the log row (AttemptLogSql.FinishCte); {9} now, {10} task, {11} job, {12} attempts after the start (a
    // later start by a duplicate run moves nothing here), {13} the retry's due time or NULL to fail, {14} the attempt's
    // error, {15} the failure message. A cancel requested while the attempt ran turns the task CANCELLED instead.
    private static readonly string AfterFailureSql =
        $$"""
        WITH {{AttemptLogSql.FinishCte(0)}}
        UPDATE service_tasks AS t
        SET status = CASE WHEN t.cancel_requested_at IS NOT NULL THEN '{{ServiceTaskStatus.Cancelled}}'
                          WHEN {13} IS NOT NULL THEN '{{ServiceTaskStatus.Pending}}' ELSE '{{ServiceTaskStatus.Failed}}' END,
            next_attempt_at = CASE WHEN t.cancel_requested_at IS NULL THEN {13} END,
            error_message = CASE WHEN t.cancel_requested_at IS NOT NULL THEN '{{CancelledMessage}}'
                                 WHEN {13} IS NOT NULL THEN {14} ELSE {15} END,
            completed_at = CASE WHEN t.cancel_requested_at IS NOT NULL OR {13} IS NULL THEN {9} END,
            callback_job_id = CASE WHEN t.cancel_requested_at IS NOT NULL OR {13} IS NULL
                                   THEN {{CompletionCallbacks.SettledCallbackSql}} ELSE t.callback_job_id END
        WHERE t.id = {10} AND t.hangfire_job_id = {11} AND t.status = '{{ServiceTaskStatus.Running}}' AND t.attempts = {12}
        RETURNING t.status AS status, {{CompletionCallbacks.UnsettledOutcomeSql}} AS callback_for
        """;

    /// <summary>Finishes the attempt's log row and completes the task, in one statement; then its callback starts.</summary>
    public async Task SucceedAsync(StartedAttempt attempt, string jobId, AttemptResult result)
    {
        var output = result.ResponseData is null ? null : JsonSerializer.SerializeToDocument(result.ResponseData);
        var moved = await moves.MoveAsync(attempt.Task.Id, jobId, ServiceTaskStatus.Completed, output, null, (attempt.LogId, result));
        await moves.StartCallbackAsync(attempt.Task.Id, moved);
    }

    /// <summary>
    /// Finishes the attempt's log row and moves the task on, in one statement: a retry (with its delay), or a terminal
    /// state. Null when the task is gone or no longer this attempt's to move.
    /// </summary>
    public async Task<RetryOutcome?> AfterFailedAttemptAsync(StartedAttempt attempt, string jobId, AttemptResult result)
    {
        var (task, service) = (attempt.Task, attempt.Service);
        var now = clock.GetUtcNow();
        var decision = RetrySchedule.Decide(service.RetryPolicy, attempt.RetriesUsed, task.MaxRetries, result, task.CreatedAt,
            now, Random.Shared.NextDouble());
        object[] parameters =
        [
            .. AttemptLogSql.FinishParameters(attempt.LogId, result, now),
            now, task.Id, jobId, attempt.Attempts,
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = decision.Delay is { } d ? now + d : DBNull.Value },
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)result.ErrorMessage ?? DBNull.Value },
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)decision.FailureMessage ?? DBNull.Value },
        ];
        var moved = await db.Database.SqlQueryRaw<FailedAttemptMove>(AfterFailureSql, parameters).ToListAsync();
        if (moved is not [var move])
        {
            logger.LogInformation("Task {TaskId} is gone or no longer run by this attempt; its failed attempt {Attempt} moves nothing",
                task.Id, attempt.AttemptIndex);
            return null;
        }
        if (move.Status == ServiceTaskStatus.Pending) return new RetryOutcome(decision.Delay, attempt.RetriesUsed + 1, task.MaxRetries);
        await moves.StartCallbackAsync(task.Id, new TerminalMove(move.CallbackFor));
        return new RetryOutcome(null, attempt.RetriesUsed, task.MaxRetries);
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
            await using var transaction = await db.Database.BeginTransactionAsync();
            // The attempt that broke may have opened its row: that row is the one to fail, so attempts and rows stay equal.
            var finished = await db.ServiceExecutionLogs.Where(l => l.ServiceTaskId == taskId && l.Status == ExecutionStatus.Running)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.Status, ExecutionStatus.Failed).SetProperty(l => l.ErrorMessage, message)
                    .SetProperty(l => l.FinishedAt, clock.GetUtcNow()));
            if (finished == 0)
            {
                db.ServiceExecutionLogs.Add(LogRow(task, serviceName ?? "(deleted service)", Math.Max(task.Attempts - 1, 0),
                    new AttemptResult { Status = ExecutionStatus.Failed, ErrorMessage = message }));
                await db.SaveChangesAsync();
            }
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

    /// <summary>Marks (or clears) the task whose job counts broken tries; see <see cref="InfrastructureFailures"/>.</summary>
    public async Task SetInfrastructureTriesMarkAsync(Guid taskId, bool marked)
    {
        db.Tenant.UseAllApps();
        await db.ServiceTasks.IgnoreQueryFilters().Where(t => t.Id == taskId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.HasInfrastructureTries, marked));
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
        FinishedAt = clock.GetUtcNow(),
    };
}
