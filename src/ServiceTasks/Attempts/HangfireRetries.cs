using Hangfire.States;
using Hangfire.Storage;

namespace ServiceTasks.Attempts;

/// <summary>
/// Turns a retry decision into Hangfire's states the way its AutomaticRetryAttribute would (no job here uses that
/// attribute): the <c>RetryCount</c> job parameter, a <see cref="ScheduledState"/> whose reason starts with
/// "Retry attempt", and the <c>retries</c> set behind the dashboard's Retries page. Both retry filters, of service
/// tasks and of callbacks, go through it, so the dashboard shows their retries alike. It touches nothing but
/// Hangfire's state change: the job recorded its attempt before it threw, and the caller hands in the delay.
/// </summary>
internal static class HangfireRetries
{
    public const string RetryCountParameter = "RetryCount";
    public const string RetriesSet = "retries";
    private const string ReasonPrefix = "Retry attempt";

    /// <summary>The retries scheduled so far for this job.</summary>
    public static int Count(ElectStateContext context) => context.GetJobParameter<int>(RetryCountParameter);

    /// <summary>
    /// Schedules retry <paramref name="retryNumber"/> (from 1) after <paramref name="delay"/>; <paramref name="retryOf"/>
    /// names what bounds the retries (their number, or the thing retried).
    /// </summary>
    public static void Schedule(ElectStateContext context, TimeSpan delay, int retryNumber, string retryOf, string cause)
    {
        context.SetJobParameter(RetryCountParameter, retryNumber);
        context.CandidateState = new ScheduledState(delay) { Reason = $"{ReasonPrefix} {retryNumber} of {retryOf}: {Shorten(cause)}" };
    }

    /// <summary>For <see cref="IApplyStateFilter.OnStateApplied"/>: a scheduled retry joins the Retries page.</summary>
    public static void Applied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        if (context.NewState is ScheduledState && context.NewState.Reason?.StartsWith(ReasonPrefix, StringComparison.Ordinal) == true)
            transaction.AddToSet(RetriesSet, context.BackgroundJob.Id);
    }

    /// <summary>For <see cref="IApplyStateFilter.OnStateUnapplied"/>: a job leaving its schedule leaves the Retries page.</summary>
    public static void Unapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        if (context.OldStateName == ScheduledState.StateName) transaction.RemoveFromSet(RetriesSet, context.BackgroundJob.Id);
    }

    /// <summary>A reason short enough for the dashboard: the full message is in the execution log or delivery row.</summary>
    public static string Shorten(string message) => message.Length <= 200 ? message : message[..200] + "…";
}
