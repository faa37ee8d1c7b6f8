using System.Text.Json;
using System.Text.Json.Nodes;
using System.Transactions;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ServiceTasks.Tasks;

/// <summary>
/// A new task and its Hangfire job are written in one transaction (docs/execution.md). A retried task gets its new job after
/// its row changed, and claims the task for it: a crash in between leaves a PENDING task without a job, which
/// <see cref="OutboxSweepJob"/> enqueues; no job ever runs a task another job owns.
/// </summary>
internal sealed class TaskEnqueuer(AppDbContext db, IBackgroundJobClient jobs, ConnectionBoundJobs jobsOn, ClusterPause pause, TimeProvider clock)
{
    public async Task<(EnqueueOutcome Outcome, ServiceTask? Task)> EnqueueAsync(Guid appUuid, EnqueueTaskRequest request, string key)
    {
        var input = request.InputData is { } element ? JsonNode.Parse(element.GetRawText()) : null;
        var fingerprint = RequestFingerprint.Of(request, input);
        try
        {
            // One transaction on one connection holds the service row FOR SHARE (DELETE locks it FOR UPDATE and then
            // looks for PENDING tasks, so it either sees this task, 409, or runs first, 404), creates the Hangfire job
            // and inserts the task that names it: one commit, and never a task without its job or a job without its task.
            using var transaction = new TransactionScope(TransactionScopeOption.Required,
                new TransactionOptions { IsolationLevel = IsolationLevel.ReadCommitted }, TransactionScopeAsyncFlowOption.Enabled);
            await db.Database.OpenConnectionAsync();
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            connection.EnlistTransaction(Transaction.Current);

            // A replay answers its task whatever became of the service since. The key is read only when the service
            // would refuse a new task; otherwise the insert below finds a replay through the unique key, so a new task
            // still costs one lock, one job and one insert, and no lookup.
            var service = await LockServiceAsync(appUuid, request);
            if (service is not { IsActive: true })
                return await ReplayAsync(key, request, input, fingerprint)
                    ?? (service is null ? EnqueueOutcome.UnknownService : EnqueueOutcome.InactiveService, null);

            var task = NewTask(appUuid, request, key, service, input, fingerprint);
            // Parked from the start while the cluster is paused, so no worker fetches it only to park it.
            task.HangfireJobId = jobsOn.On(connection)
                .Create<ServiceTaskJob>(j => j.RunAsync(task.Id, null, CancellationToken.None), pause.NewAttemptState());
            db.ServiceTasks.Add(task);
            await db.SaveChangesAsync();
            transaction.Complete();
            return (EnqueueOutcome.Created, task);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The key exists (a replay, or a concurrent request that won the insert), and the job rolled back with the
            // row. Read it on a fresh connection: the rolled back one lost its tenant setting.
            db.ChangeTracker.Clear();
            await db.Database.CloseConnectionAsync();
            return await ReplayAsync(key, request, input, fingerprint)
                ?? throw new InvalidOperationException("The task that holds this idempotency key was deleted while it was being read.");
        }
        finally
        {
            // Opened for this transaction only; a rolled back one also took the connection's tenant setting with it.
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The task that holds the key, as a replay (equal body) or a conflict (another body); null for a new key.</summary>
    private async Task<(EnqueueOutcome, ServiceTask?)?> ReplayAsync(string key, EnqueueTaskRequest request, JsonNode? input, string fingerprint)
    {
        var existing = await db.ServiceTasks.AsNoTracking().FirstOrDefaultAsync(t => t.IdempotencyKey == key);
        if (existing is null) return null;
        var equal = existing.RequestHash == fingerprint || RequestFingerprint.IsEarlierReplay(existing, request, input);
        return (equal ? EnqueueOutcome.Replayed : EnqueueOutcome.KeyConflict, existing);
    }

    /// <summary>Starts a FAILED task again with a fresh budget of max_retries + 1 attempts, under a new job.</summary>
    public async Task<bool> RetryAsync(Guid taskId)
    {
        if (!await TaskClaims.RetryFailedAsync(db, taskId, jobId: null)) return false;
        await StartJobAsync(taskId);
        return true;
    }

    /// <summary>Starts the task's attempt job (parked while paused); if another job claimed the task first, it is deleted.</summary>
    public async Task<string?> StartJobAsync(Guid taskId)
    {
        var jobId = jobs.Create<ServiceTaskJob>(j => j.RunAsync(taskId, null, CancellationToken.None), pause.NewAttemptState());
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
        TraceParent = TaskTracing.CurrentTraceParent(),
    };
}
