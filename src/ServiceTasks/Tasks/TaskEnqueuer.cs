using System.Text.Json;
using System.Text.Json.Nodes;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ServiceTasks.Data;
using ServiceTasks.Execution;
using ServiceTasks.Services;

namespace ServiceTasks.Tasks;

public enum EnqueueOutcome { Created, Replayed, KeyConflict, UnknownService, InactiveService }

/// <summary>
/// Writes the task row, then its job, then claims the task for that job (SPEC §8.1). A crash between row and job
/// leaves a PENDING task without a job, which <see cref="OutboxSweepJob"/> enqueues; no job ever runs a task twice.
/// </summary>
public sealed class TaskEnqueuer(AppDbContext db, IBackgroundJobClient jobs, TimeProvider clock)
{
    public async Task<(EnqueueOutcome Outcome, ServiceTask? Task)> EnqueueAsync(Guid appUuid, EnqueueTaskRequest request, string key)
    {
        // One connection for the whole request: the tenant is set on it once, and the claim after Enqueue reuses it.
        await db.Database.OpenConnectionAsync();
        string? fingerprint = null;
        ServiceTask task;
        try
        {
            // The service row is read FOR SHARE and held while the task is inserted: DELETE locks it FOR UPDATE and
            // then looks for PENDING tasks, so it either sees this task (409) or runs first (and this answers 404).
            await using var transaction = await db.Database.BeginTransactionAsync();
            var service = await LockServiceAsync(appUuid, request);
            if (service is null) return (EnqueueOutcome.UnknownService, null);
            if (!service.IsActive) return (EnqueueOutcome.InactiveService, null);

            var input = request.InputData is { } element ? JsonNode.Parse(element.GetRawText()) : null;
            fingerprint = RequestFingerprint.Of(service.Id, request.InstanceId!, request.TaskId!, input, request.CallbackUrl);
            task = NewTask(appUuid, request, key, service, input, fingerprint);
            // No lookup first: the unique (app_uuid, idempotency_key) index tells a replay apart, one round trip less per new task.
            db.ServiceTasks.Add(task);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The key exists (a replay, or a concurrent request that won the insert): answer as its replay.
            db.ChangeTracker.Clear();
            var existing = await db.ServiceTasks.AsNoTracking().FirstAsync(t => t.IdempotencyKey == key);
            return (existing.RequestHash == fingerprint ? EnqueueOutcome.Replayed : EnqueueOutcome.KeyConflict, existing);
        }

        task.HangfireJobId = await StartJobAsync(task.Id);
        return (EnqueueOutcome.Created, task);
    }

    /// <summary>Starts a FAILED task again with a fresh budget of max_retries + 1 attempts, under a new job.</summary>
    public async Task<bool> RetryAsync(Guid taskId)
    {
        var reset = await db.ServiceTasks.Where(t => t.Id == taskId && t.Status == ServiceTaskStatus.Failed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => t.Status, ServiceTaskStatus.Pending)
                .SetProperty(t => t.AttemptBudgetStart, t => t.Attempts)
                .SetProperty(t => t.ErrorMessage, (string?)null)
                .SetProperty(t => t.CompletedAt, (DateTimeOffset?)null)
                .SetProperty(t => t.HangfireJobId, (string?)null)
                .SetProperty(t => t.CallbackJobId, (string?)null));
        if (reset == 0) return false;
        await StartJobAsync(taskId);
        return true;
    }

    /// <summary>Enqueues the task's attempt job; if another job claimed the task first, this one is deleted.</summary>
    public async Task<string?> StartJobAsync(Guid taskId)
    {
        var jobId = jobs.Enqueue<ServiceTaskJob>(j => j.RunAsync(taskId, null, CancellationToken.None));
        if (await TaskClaims.ClaimAttemptJobAsync(db, taskId, jobId)) return jobId;
        jobs.Delete(jobId);
        return null;
    }

    /// <summary>The service named by id or by name in this app, read and locked FOR SHARE in one statement.</summary>
    private Task<ServiceConfiguration?> LockServiceAsync(Guid appUuid, EnqueueTaskRequest request)
    {
        var rows = request.ServiceConfigId is { } id
            ? db.ServiceConfigurations.FromSql($"SELECT * FROM service_configurations WHERE app_uuid = {appUuid} AND id = {id} FOR SHARE")
            : db.ServiceConfigurations.FromSql(
                $"SELECT * FROM service_configurations WHERE app_uuid = {appUuid} AND service_name_key = {request.ServiceName!.ToLowerInvariant()} FOR SHARE");
        return rows.AsNoTracking().FirstOrDefaultAsync();
    }

    private ServiceTask NewTask(Guid appUuid, EnqueueTaskRequest request, string key, ServiceConfiguration service, JsonNode? input, string fingerprint) => new()
    {
        Id = Guid.CreateVersion7(),
        AppUuid = appUuid,
        InstanceId = request.InstanceId!,
        TaskId = request.TaskId!,
        ServiceConfigId = service.Id,
        ConfigVersion = service.Version,
        InputData = input is null ? null : JsonSerializer.SerializeToDocument(input),
        MaxRetries = service.MaxRetries,
        IdempotencyKey = key,
        RequestHash = fingerprint,
        CallbackUrl = request.CallbackUrl,
        CreatedAt = clock.GetUtcNow(),
    };
}
