using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace ServiceTasks.Attempts;

/// <summary>
/// Everything before an attempt counts (see docs/execution.md): the job claims its task, checks that the
/// configuration version still exists and the deadline has not passed (or ends the task), and then starts the
/// attempt with a conditional update that names the job owning the task, so a duplicate or late job starts nothing.
/// </summary>
internal sealed class AttemptStart(
    AppDbContext db, ServiceVersions versions, TerminalMoves moves, ClusterPause pause, TimeProvider clock, ILogger<AttemptStart> logger)
{
    /// <summary>
    /// Claims the task for this job and loads what the attempt runs, or ends the task (its version gone, its deadline
    /// passed) and answers no attempt. <paramref name="waitingFor"/> names what a deferred task was waiting for, if it was.
    /// With <paramref name="unlessPaused"/> it reads nothing and answers Paused while the cluster is paused.
    /// <paramref name="retryIfRequeued"/> is asked only about a FAILED task this job owns (<see cref="DashboardRequeue"/>).
    /// </summary>
    public async Task<(PreparedAttempt? Attempt, bool Paused)> PrepareAttemptAsync(
        Guid taskId, string jobId, Func<string?> waitingFor, bool unlessPaused, Func<Task<bool>>? retryIfRequeued = null)
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
        if (ServiceTaskStatus.IsTerminal(task.Status))
        {
            if (task.Status != ServiceTaskStatus.Failed || task.HangfireJobId != jobId || retryIfRequeued is null || !await retryIfRequeued())
                return (null, false);
            task = await db.ServiceTasks.AsNoTracking().FirstAsync(t => t.Id == taskId);
        }
        // A new task names its job from the start (row and job commit together), so this is usually only a read. The
        // job of a manual retry or of the sweep's repair is claimed by its enqueuer just after it is created; if it
        // runs before that claim it claims here, and a job that lost the claim stops.
        if (task.HangfireJobId != jobId && !await TaskClaims.ClaimAttemptJobAsync(db, taskId, jobId)) return (null, false);

        var service = await versions.FindAsync(task.ServiceConfigId, task.ConfigVersion);
        string? failure = service is null ? $"Configuration version {task.ConfigVersion} of the service no longer exists."
            : TimeToDeadline(task, service) <= TimeSpan.Zero && service.RetryPolicy.DeadlineSeconds is { } deadline
                ? waitingFor() is { } reason ? $"Deadline of {deadline} s passed while waiting for {reason}."
                : $"Deadline of {deadline} s passed before attempt {task.Attempts + 1} could start."
            : null;
        if (failure is not null)
        {
            await moves.FinishAsync(taskId, jobId, ServiceTaskStatus.Failed, null, failure);
            return (null, false);
        }
        return (new PreparedAttempt(task, service!), false);
    }

    /// <summary>The claim, the checks, the admission and the start share one pooled connection until this is disposed.</summary>
    public Task<HeldConnection> HoldConnectionAsync() => HeldConnection.OpenAsync(db);

    /// <summary>How long until a retry is due (zero or negative when it is, or for a first attempt).</summary>
    public TimeSpan UntilDue(ServiceTask task) => task.NextAttemptAt is { } due ? due - clock.GetUtcNow() : TimeSpan.Zero;

    /// <summary>How long until no attempt may start (negative once passed); null without a deadline.</summary>
    public TimeSpan? TimeToDeadline(ServiceTask task, ServiceConfiguration service) =>
        service.RetryPolicy.DeadlineSeconds is { } deadline ? task.CreatedAt.AddSeconds(deadline) - clock.GetUtcNow() : null;

    /// <summary>Fails a task whose attempt never started (a deadline that passes while it waits for a throttle).</summary>
    public Task FailUnstartedAsync(Guid taskId, string jobId, string message) =>
        moves.FinishAsync(taskId, jobId, ServiceTaskStatus.Failed, null, message);

    /// <summary>
    /// The attempt begins: it counts from here, and its log row is opened RUNNING in the same statement. A row a stopped
    /// run left RUNNING is closed as INTERRUPTED there too, uncharged, with a Warning naming the server that held it.
    /// Null when the task is no longer this job's to run.
    /// </summary>
    public async Task<StartedAttempt?> StartAttemptAsync(PreparedAttempt prepared, string jobId, string? serverId)
    {
        var (task, service) = prepared;
        var now = clock.GetUtcNow();
        var rows = await db.Database.SqlQueryRaw<StartedAttemptRow>(AttemptLogSql.StartSql, task.Id, jobId, now, service.ServiceName,
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)serverId ?? DBNull.Value }).ToListAsync();
        if (rows.Count == 0) return null;
        foreach (var row in rows.Where(r => r.InterruptedAttempt is not null))
        {
            ServiceTaskMetrics.AttemptInterrupted(service.ServiceType);
            logger.LogWarning(
                "Attempt {Attempt} of task {TaskId} (started {StartedAt:o} by server {ServerId}) never finished: its run stopped before the " +
                "outcome was recorded. Closed as INTERRUPTED, not counted against the retry budget; job {JobId} runs it again as attempt {NextAttempt}",
                row.InterruptedAttempt + 1, task.Id, row.InterruptedStartedAt, row.InterruptedServer ?? "unknown", jobId, rows[0].Attempts);
        }
        var first = rows[0];
        return new StartedAttempt(task, service, first.LogId, first.Attempts, first.AttemptBudgetStart);
    }
}
