using System.Globalization;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;

namespace ServiceTasks.Attempts;

/// <summary>
/// Hangfire's retry mechanism for service tasks, in place of the global AutomaticRetryAttribute. The job records each
/// outcome itself and throws a typed exception carrying the decision (the task's own retry policy, or the bounded
/// infrastructure retries); this filter only turns it into Hangfire states, in Hangfire's own transaction, with no
/// database work of its own. Retries go through <see cref="HangfireRetries"/>, as the callbacks' do, so the
/// dashboard's Retries page shows the same attempts as the execution logs. Each move to the schedule, but the pause's
/// park, also sets a timer in <see cref="RetryWakeUps"/> that starts the job at its due time.
/// </summary>
internal sealed class ServiceTaskRetryFilter(RetryWakeUps wakeUps) : JobFilterAttribute, IElectStateFilter, IApplyStateFilter
{
    public void OnStateElection(ElectStateContext context)
    {
        if (!IsServiceTaskJob(context.BackgroundJob) || context.CandidateState is not FailedState failed) return;

        switch (failed.Exception)
        {
            case AttemptDeferredException deferred:
                context.CandidateState = new ScheduledState(deferred.Delay ?? InfrastructureFailures.RetryDelay) { Reason = deferred.Message };
                break;
            case AttemptFailedException { RetryDelay: { } delay } attempt:
                // Both counts, so the dashboard reads as the task does: "Retry attempt 1 of 5: attempt 1 of 6 failed: …".
                HangfireRetries.Schedule(context, delay, attempt.RetryNumber, $"{attempt.MaxRetries}",
                    $"attempt {attempt.RetryNumber} of {attempt.MaxRetries + 1} failed: {attempt.Message}");
                break;
            case InfrastructureFailureException { RetryDelay: { } delay } broken:
                context.CandidateState = new ScheduledState(delay)
                {
                    Reason = broken.Try == 0 ? $"Database unavailable: {HangfireRetries.Shorten(broken.Message)}"
                        : $"Infrastructure error, try {broken.Try} of {broken.Limit}: {HangfireRetries.Shorten(broken.Message)}",
                };
                break;
            case AttemptFailedException or InfrastructureFailureException:
                break; // no attempt follows (the task is finished, or no longer this job's): the job fails
            default:
                // Escaped the job's own handling, so nothing could be recorded (the database went away meanwhile):
                // try again soon, counting nothing.
                context.CandidateState = new ScheduledState(InfrastructureFailures.RetryDelay)
                {
                    Reason = $"Infrastructure error before anything was recorded: {HangfireRetries.Shorten(failed.Exception.Message)}",
                };
                break;
        }
    }

    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        if (!IsServiceTaskJob(context.BackgroundJob)) return;
        HangfireRetries.Applied(context, transaction);
        // Scored by job id, so ParkedJobs takes the oldest first through the set's (key, score) index.
        if (context.NewState is ScheduledState { Reason: ClusterPause.ParkReason })
        {
            var jobId = context.BackgroundJob.Id;
            transaction.AddToSet(ClusterPause.ParkedSet, jobId, long.Parse(jobId, CultureInfo.InvariantCulture));
        }
        else if (context.NewState is ScheduledState scheduled)
            wakeUps.Schedule(context.BackgroundJob.Id, scheduled);
    }

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        if (!IsServiceTaskJob(context.BackgroundJob)) return;
        HangfireRetries.Unapplied(context, transaction);
        if (context.OldStateName != ScheduledState.StateName) return;
        transaction.RemoveFromSet(ClusterPause.ParkedSet, context.BackgroundJob.Id);
        wakeUps.Forget(context.BackgroundJob.Id);
    }

    // Registered globally, so it must leave every other job (callbacks, sweeps) to its own filters.
    private static bool IsServiceTaskJob(BackgroundJob job) => job.Job?.Type == typeof(ServiceTaskJob);
}
