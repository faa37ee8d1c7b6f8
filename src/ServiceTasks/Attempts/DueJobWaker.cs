using Hangfire;
using Hangfire.States;

namespace ServiceTasks.Attempts;

/// <summary>
/// Moves each job whose <see cref="RetryWakeUps"/> timer fired from Scheduled to Enqueued, as Hangfire's schedule poll
/// would, through the host's job client, whose <see cref="LockReleasedInCommitStateChanger"/> lets the job's lock go in
/// the enqueue's commit; that commit's NOTIFY wakes a worker at once, which finds the job unlocked. The wake-up and the
/// poll of any process cannot both move a job: each moves it only from Scheduled, under the job's state lock. A
/// separate service from the timers because the retry filter needs those, and the job client this needs is built from
/// the filters. Hangfire's client and storage are
/// resolved at the first wake-up, not at start: Hangfire.NetCore hands out its storage and activator from statics
/// while a host starts, and resolving them earlier than its server does widens the window in which two hosts started
/// at once in one process (the tests) take each other's.
/// </summary>
internal sealed class DueJobWaker(RetryWakeUps wakeUps, IServiceProvider services, ILogger<DueJobWaker> logger) : BackgroundService
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
            // Still the schedule this process saw? Another process may have run the job and scheduled it again since.
            using (var connection = services.GetRequiredService<JobStorage>().GetConnection())
            {
                var state = connection.GetStateData(wakeUp.JobId);
                string? due = null;
                if (state?.Name != ScheduledState.StateName || state.Data?.TryGetValue("EnqueueAt", out due) != true || due != wakeUp.EnqueueAt)
                {
                    logger.LogDebug("Job {JobId} left its schedule before its due time; nothing to wake", wakeUp.JobId);
                    return;
                }
            }
            var woken = services.GetRequiredService<IBackgroundJobClient>().ChangeState(wakeUp.JobId, new EnqueuedState { Reason = Reason }, ScheduledState.StateName);
            logger.LogDebug("Job {JobId} {Outcome} at its due time", wakeUp.JobId, woken ? "enqueued" : "was moved by another");
        }
        catch (Exception e)
        {
            logger.LogDebug("Job {JobId} could not be woken ({Error}); the schedule poll will start it", wakeUp.JobId, e.Message);
        }
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        wakeUps.Stop();
        return base.StopAsync(cancellationToken);
    }
}
