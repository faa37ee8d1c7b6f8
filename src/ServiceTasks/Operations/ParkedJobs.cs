using System.Transactions;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ServiceTasks.Operations;

/// <summary>
/// Parked attempt jobs back in their queue, <see cref="Batch"/> to a transaction, oldest first (docs/execution.md,
/// "Pause"). A batch takes its rows of the parked set FOR UPDATE SKIP LOCKED, so a resume and the sweep never take
/// the same job; any other state change of a parked job removes its row first (<c>ServiceTaskRetryFilter</c>), so it
/// either waits for the batch or the batch no longer sees the job. The writes are Hangfire's own, through its write
/// transaction on our connection inside our transaction, and are what a state change to Enqueued writes for such a
/// job, without the job lock and reads that change takes one job at a time.
/// </summary>
internal sealed class ParkedJobs(AppDbContext db, ClusterPause pause, ConnectionBoundJobs jobsOn, TimeProvider clock)
{
    public const int Batch = 500;
    public const string ResumedReason = "Processing resumed";

    /// <summary>Hangfire's sorted set of scheduled jobs, which <see cref="ScheduledState"/> adds a parked job to.</summary>
    private const string ScheduleSet = "schedule";

    /// <summary>Past a view's lifetime, for an enqueue that read the flag just before it expired and is still committing.</summary>
    private static readonly TimeSpan CommitMargin = TimeSpan.FromMilliseconds(250);

    /// <summary>Clears the pause and enqueues every parked job; the count of jobs enqueued.</summary>
    public async Task<int> ResumeAsync()
    {
        pause.Resume();
        var resumedAt = clock.GetTimestamp();
        var requeued = await RequeueAsync(processOnce: false);
        // Another process may create parked jobs until its view of the flag expires: one more pass once it has.
        var left = ClusterPause.ViewLifetime + CommitMargin - clock.GetElapsedTime(resumedAt);
        if (left > TimeSpan.Zero) await Task.Delay(left, clock);
        return requeued + await RequeueAsync(processOnce: false);
    }

    /// <summary>Enqueues the jobs parked now, each to run once whatever the flag says, and leaves the pause as it is.</summary>
    public Task<int> ProcessOnceAsync() => RequeueAsync(processOnce: true);

    /// <summary>Enqueues the jobs parked when it starts; also the sweep's, for a job that parked as the cluster resumed.</summary>
    public async Task<int> RequeueAsync(bool processOnce)
    {
        var upTo = await db.Database.SqlQuery<long>(
            $"""SELECT coalesce(max(id), 0) AS "Value" FROM hangfire.set WHERE key = {ClusterPause.ParkedSet}""").SingleAsync();
        var requeued = 0;
        while (true)
        {
            var (taken, enqueued) = await RequeueBatchAsync(upTo, processOnce);
            if (taken == 0) return requeued;
            requeued += enqueued;
        }
    }

    private async Task<(int Taken, int Enqueued)> RequeueBatchAsync(long upTo, bool processOnce)
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
                WHERE s.key = {{ClusterPause.ParkedSet}} AND s.id <= {{upTo}}
                ORDER BY s.score, s.id
                LIMIT {{Batch}}
                FOR UPDATE OF s SKIP LOCKED
                """).ToListAsync();
            if (rows.Count == 0) return (0, 0);

            using var hangfire = jobsOn.StorageOn(connection).GetConnection();
            using var transaction = hangfire.CreateWriteTransaction();
            var enqueued = 0;
            foreach (var (jobId, stateName) in rows)
            {
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
