using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;

namespace ServiceTasks.Attempts;

/// <summary>
/// Hangfire's retry mechanism for service tasks, in place of the global AutomaticRetryAttribute. The job records each
/// outcome itself and throws a typed exception carrying the decision (the task's own retry policy, or the bounded
/// infrastructure retries); this filter only turns it into Hangfire states, in Hangfire's own transaction, with no
/// database work of its own. The RetryCount parameter and the "retries" set are kept as AutomaticRetry keeps them,
/// so the dashboard's Retries page shows the same attempts as the execution logs.
/// </summary>
internal sealed class ServiceTaskRetryFilter : JobFilterAttribute, IElectStateFilter, IApplyStateFilter
{
    private const string RetriesSet = "retries";

    public void OnStateElection(ElectStateContext context)
    {
        if (context.BackgroundJob.Job?.Type != typeof(ServiceTaskJob) || context.CandidateState is not FailedState failed) return;

        switch (failed.Exception)
        {
            case AttemptDeferredException deferred:
                context.CandidateState = new ScheduledState(deferred.Delay ?? InfrastructureFailures.RetryDelay) { Reason = deferred.Message };
                break;
            case AttemptFailedException { RetryDelay: { } delay } attempt:
                context.SetJobParameter("RetryCount", attempt.RetryNumber);
                context.CandidateState = new ScheduledState(delay)
                {
                    Reason = $"Retry attempt {attempt.RetryNumber} of {attempt.MaxRetries}: {Shorten(attempt.Message)}",
                };
                break;
            case InfrastructureFailureException { RetryDelay: { } delay } broken:
                context.CandidateState = new ScheduledState(delay)
                {
                    Reason = broken.Try == 0 ? $"Database unavailable: {Shorten(broken.Message)}"
                        : $"Infrastructure error, try {broken.Try} of {broken.Limit}: {Shorten(broken.Message)}",
                };
                break;
            case AttemptFailedException or InfrastructureFailureException:
                break; // the task is finished (FAILED or CANCELLED): its job fails with it
            default:
                // Escaped the job's own handling, so nothing could be recorded (the database went away meanwhile):
                // try again soon, counting nothing.
                context.CandidateState = new ScheduledState(InfrastructureFailures.RetryDelay)
                {
                    Reason = $"Infrastructure error before anything was recorded: {Shorten(failed.Exception.Message)}",
                };
                break;
        }
    }

    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        if (context.NewState is not ScheduledState scheduled || context.BackgroundJob.Job?.Type != typeof(ServiceTaskJob)) return;
        if (scheduled.Reason?.StartsWith("Retry attempt", StringComparison.Ordinal) == true)
            transaction.AddToSet(RetriesSet, context.BackgroundJob.Id);
        else if (scheduled.Reason == ClusterPause.ParkReason)
            transaction.AddToSet(ClusterPause.ParkedSet, context.BackgroundJob.Id);
    }

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        if (context.OldStateName != ScheduledState.StateName || context.BackgroundJob.Job?.Type != typeof(ServiceTaskJob)) return;
        transaction.RemoveFromSet(RetriesSet, context.BackgroundJob.Id);
        transaction.RemoveFromSet(ClusterPause.ParkedSet, context.BackgroundJob.Id);
    }

    private static string Shorten(string message) => message.Length <= 200 ? message : message[..200] + "…";
}
