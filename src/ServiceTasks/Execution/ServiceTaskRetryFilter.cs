using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;
using ServiceTasks.Tasks;

namespace ServiceTasks.Execution;

/// <summary>
/// Hangfire's retry mechanism for service tasks, in place of the global AutomaticRetryAttribute: each task's own
/// max_retries and retry_policy decide (docs/execution.md), the job is rescheduled with Hangfire's ScheduledState, and
/// the RetryCount parameter and the "retries" set are kept as AutomaticRetry keeps them, so the dashboard's Retries
/// page shows the same attempts as the execution logs.
/// </summary>
public sealed class ServiceTaskRetryFilter(IServiceScopeFactory scopes) : JobFilterAttribute, IElectStateFilter, IApplyStateFilter
{
    private const string RetriesSet = "retries";
    private static readonly TimeSpan InfrastructureRetryDelay = TimeSpan.FromSeconds(5);

    public void OnStateElection(ElectStateContext context)
    {
        if (context.BackgroundJob.Job?.Type != typeof(ServiceTaskJob) || context.CandidateState is not FailedState failed) return;

        switch (failed.Exception)
        {
            case AttemptDeferredException deferred:
                context.CandidateState = new ScheduledState(deferred.Delay ?? InfrastructureRetryDelay) { Reason = deferred.Message };
                break;
            case AttemptFailedException attempt:
                using (var scope = scopes.CreateScope())
                {
                    var outcome = scope.ServiceProvider.GetRequiredService<TaskTransitions>()
                        .AfterFailedAttemptAsync(attempt.TaskId, context.BackgroundJob.Id, attempt.Result).GetAwaiter().GetResult();
                    if (outcome.Delay is { } delay)
                    {
                        context.SetJobParameter("RetryCount", outcome.RetryNumber);
                        context.CandidateState = new ScheduledState(delay)
                        {
                            Reason = $"Retry attempt {outcome.RetryNumber} of {outcome.MaxRetries}: {Shorten(attempt.Message)}",
                        };
                    }
                }
                break;
            default:
                // The attempt never ran (the database was unreachable, say): try again soon, counting nothing.
                context.CandidateState = new ScheduledState(InfrastructureRetryDelay)
                {
                    Reason = $"Infrastructure error before the attempt: {Shorten(failed.Exception.Message)}",
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
