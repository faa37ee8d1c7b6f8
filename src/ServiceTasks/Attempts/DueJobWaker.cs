using System.Transactions;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Npgsql;
using IsolationLevel = System.Transactions.IsolationLevel;

namespace ServiceTasks.Attempts;

/// <summary>
/// Moves each job whose <see cref="RetryWakeUps"/> timer fired from Scheduled to Enqueued, as Hangfire's schedule poll
/// would; the enqueue's NOTIFY wakes a worker at once. The wake-up and the poll of any process cannot both move a job:
/// each moves it only from Scheduled, under the job's state lock. A separate service from the timers because the retry
/// filter needs those, and the state change this makes runs the filters.
/// </summary>
internal sealed class DueJobWaker(
    RetryWakeUps wakeUps, IJobFilterProvider filters, ConnectionBoundJobs jobsOn, IConfiguration configuration, ILogger<DueJobWaker> logger) : BackgroundService
{
    public const string Reason = "Woken at its due time";

    // One at a time, off the timers' threads: a burst of due jobs queues here instead of holding pool threads in
    // Hangfire's synchronous state changes, and the poll takes whatever this has not reached yet.
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var wakeUp in wakeUps.Due.ReadAllAsync(stoppingToken)) Wake(wakeUp);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Wake(RetryWakeUps.WakeUp wakeUp)
    {
        try
        {
            var woken = MoveToQueue(wakeUp);
            logger.LogDebug("Job {JobId} {Outcome} at its due time", wakeUp.JobId,
                woken switch { true => "enqueued", false => "was moved by another", null => "had left its schedule; nothing woken" });
        }
        catch (Exception e)
        {
            logger.LogDebug("Job {JobId} could not be woken ({Error}); the schedule poll will start it", wakeUp.JobId, e.Message);
        }
    }

    /// <summary>
    /// Hangfire's state change, inside a transaction of ours on one connection. Hangfire.PostgreSql's job lock is a row it
    /// inserts and deletes on the connection it is given, so here the lock's release commits with the enqueue. Left to
    /// Hangfire's client, the release came after that commit: the worker its NOTIFY woke often found the job still
    /// locked, and the lock retries only once a second (docs/benchmarks.md, P3). Meanwhile anyone else taking the lock
    /// waits on the uncommitted row's key, as on a held lock, and then finds the job Enqueued.
    /// </summary>
    private bool? MoveToQueue(RetryWakeUps.WakeUp wakeUp)
    {
        using var transaction = new TransactionScope(TransactionScopeOption.Required,
            new TransactionOptions { IsolationLevel = IsolationLevel.ReadCommitted });
        using var connection = new NpgsqlConnection(configuration.GetConnectionString(DataExtensions.ConnectionName));
        connection.Open();
        connection.EnlistTransaction(Transaction.Current);
        var storage = jobsOn.StorageOn(connection);
        using var hangfire = storage.GetConnection();

        // Still the schedule this process saw? Another process may have run the job and scheduled it again since.
        var state = hangfire.GetStateData(wakeUp.JobId);
        string? due = null;
        if (state?.Name != ScheduledState.StateName || state.Data?.TryGetValue("EnqueueAt", out due) != true || due != wakeUp.EnqueueAt)
            return null;
        var applied = new BackgroundJobStateChanger(filters).ChangeState(
            new StateChangeContext(storage, hangfire, wakeUp.JobId, new EnqueuedState { Reason = Reason }, ScheduledState.StateName));
        transaction.Complete();
        return applied is not null;
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        wakeUps.Stop();
        return base.StopAsync(cancellationToken);
    }
}
