using System.Transactions;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ServiceTasks.Operations;

/// <summary>
/// Parked attempt jobs back in their queue, <see cref="Batch"/> to a transaction, oldest first (docs/execution.md,
/// "Pause in detail"). A batch takes its rows of the parked set FOR UPDATE SKIP LOCKED, so a resume and the sweep never
/// take the same job, and takes Hangfire's own state lock of each of its jobs in one statement
/// (<see cref="JobStateLocks"/>), released in the batch's commit: any other state change of them waits and then sees
/// them Enqueued, as behind one Hangfire state change. The writes are Hangfire's, through its write transaction on our
/// connection inside our transaction: what a state change to Enqueued writes, without locking one job at a time.
/// </summary>
internal sealed class ParkedJobs(
    AppDbContext db, ClusterPause pause, ConnectionBoundJobs jobsOn, IRecurringJobManager recurringJobs,
    IOptions<HangfireSettings> settings, TimeProvider clock)
{
    public const int Batch = 500;
    public const string ResumedReason = "Processing resumed";

    private const string ScheduleSet = "schedule"; // Hangfire's set of scheduled jobs, where ScheduledState put a parked one
    // Past a view's lifetime, for an enqueue that read the flag just before it expired and is still committing.
    private static readonly TimeSpan CommitMargin = TimeSpan.FromMilliseconds(250);

    /// <summary>How long the resume request itself enqueues parked jobs before it hands the rest to the sweep.</summary>
    public static readonly TimeSpan RequestBudget = TimeSpan.FromSeconds(5);

    private readonly TimeSpan _lockTimeout = TimeSpan.FromSeconds(settings.Value.DistributedLockTimeoutSeconds);

    /// <summary>
    /// Clears the pause and enqueues the parked jobs; the count enqueued by this call. A backlog that takes longer than
    /// <see cref="RequestBudget"/> is handed to the outbox sweep, run at once, so the operator's request stays short.
    /// </summary>
    public async Task<int> ResumeAsync()
    {
        pause.Resume();
        var resumedAt = clock.GetTimestamp();
        var (requeued, finished) = await RequeueAsync(processOnce: false, RequestBudget);
        if (!finished)
        {
            recurringJobs.Trigger(OutboxSweepJob.RecurringId);
            return requeued;
        }
        // Another process may create parked jobs until its view of the flag expires: one more pass once it has.
        var left = ClusterPause.ViewLifetime + CommitMargin - clock.GetElapsedTime(resumedAt);
        if (left > TimeSpan.Zero) await Task.Delay(left, clock);
        return requeued + (await RequeueAsync(processOnce: false)).Requeued;
    }

    /// <summary>Enqueues the jobs parked now, each to run once whatever the flag says, and leaves the pause as it is.</summary>
    public async Task<int> ProcessOnceAsync() => (await RequeueAsync(processOnce: true)).Requeued;

    /// <summary>
    /// Enqueues the jobs parked when it starts, until done or past <paramref name="budget"/> (checked between batches).
    /// Also the sweep's, for jobs parked as the cluster resumed and for a resume's backlog handed over.
    /// </summary>
    public async Task<(int Requeued, bool Finished)> RequeueAsync(bool processOnce, TimeSpan? budget = null)
    {
        var started = clock.GetTimestamp();
        var upTo = await db.Database.SqlQuery<long>(
            $"""SELECT coalesce(max(id), 0) AS "Value" FROM hangfire.set WHERE key = {ClusterPause.ParkedSet}""").SingleAsync();
        if (upTo == 0) return (0, true);
        var builder = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Enlist = false };
        await using var locks = new NpgsqlConnection(builder.ConnectionString);
        await locks.OpenAsync();
        var busy = new HashSet<string>();
        var requeued = 0;
        while (true)
        {
            var held = new HashSet<string>();
            try
            {
                var (taken, enqueued) = await RequeueBatchAsync(upTo, processOnce, locks, held, busy);
                held.Clear(); // released by the batch's own commit
                if (taken == 0) return (requeued, true);
                requeued += enqueued;
            }
            finally
            {
                // The batch failed before its commit: its locks are released on their own.
                if (held.Count > 0) await JobStateLocks.ReleaseAsync(locks, held);
            }
            if (clock.GetElapsedTime(started) > budget) return (requeued, false);
        }
    }

    /// <summary>
    /// One batch; <paramref name="held"/> gets the job locks it took, <paramref name="busy"/> the jobs it left parked
    /// because someone else was changing them (the sweep's next run looks again; this pass does not spin on them).
    /// </summary>
    private async Task<(int Taken, int Enqueued)> RequeueBatchAsync(
        long upTo, bool processOnce, NpgsqlConnection locks, HashSet<string> held, HashSet<string> busy)
    {
        using var scope = new TransactionScope(TransactionScopeOption.Required,
            new TransactionOptions { IsolationLevel = IsolationLevel.ReadCommitted }, TransactionScopeAsyncFlowOption.Enabled);
        await db.Database.OpenConnectionAsync();
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            connection.EnlistTransaction(Transaction.Current);
            // The set's score is the job id (ServiceTaskRetryFilter), so its (key, score) index yields the oldest first.
            var rows = await db.Database.SqlQuery<ParkedJob>($$"""
                SELECT s.value AS job_id, j.statename AS state_name
                FROM hangfire.set s
                LEFT JOIN hangfire.job j ON j.id = CASE WHEN s.value ~ '^[0-9]{1,18}$' THEN s.value::bigint END
                WHERE s.key = {{ClusterPause.ParkedSet}} AND s.id <= {{upTo}} AND NOT s.value = ANY({{busy.ToArray()}})
                ORDER BY s.score, s.id
                LIMIT {{Batch}}
                FOR UPDATE OF s SKIP LOCKED
                """).ToListAsync();
            if (rows.Count == 0) return (0, 0);
            var scheduled = rows.Where(r => r.StateName == ScheduledState.StateName).Select(r => r.JobId).ToList();
            held.UnionWith(await JobStateLocks.TakeAsync(locks, scheduled, _lockTimeout));

            using var hangfire = jobsOn.StorageOn(connection).GetConnection();
            using var transaction = hangfire.CreateWriteTransaction();
            var enqueued = 0;
            foreach (var (jobId, stateName) in rows)
            {
                if (stateName == ScheduledState.StateName && !held.Contains(jobId))
                {
                    busy.Add(jobId); // its change, whatever it is, removes it from the set or leaves it to the sweep
                    continue;
                }
                transaction.RemoveFromSet(ClusterPause.ParkedSet, jobId);
                // Gone, or moved on without the filter (Hangfire does that to a job whose state change keeps failing,
                // and the sweep repairs it): nothing of ours to enqueue.
                if (stateName != ScheduledState.StateName) continue;
                if (processOnce) hangfire.SetJobParameter(jobId, ClusterPause.ProcessOnceParameter, "true");
                // What ScheduledState's handler undoes; a parked job is in no other set (the retries set holds only
                // jobs scheduled for a retry), and it stays persisted, as Enqueued is not final.
                transaction.RemoveFromSet(ScheduleSet, jobId);
                transaction.SetJobState(jobId, new EnqueuedState { Reason = ResumedReason });
                transaction.AddToQueue(EnqueuedState.DefaultQueue, jobId);
                enqueued++;
            }
            transaction.Commit();
            // In the commit: a worker it wakes finds its job unlocked rather than sleeping on Hangfire.PostgreSql's lock.
            await JobStateLocks.ReleaseAsync(connection, held);
            scope.Complete();
            return (rows.Count, enqueued);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private sealed record ParkedJob(string JobId, string? StateName);
}
