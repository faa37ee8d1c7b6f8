using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;

namespace ServiceTasks.Callbacks;

/// <summary>
/// The retry policy of callback deliveries: 5 s × 2^n capped at Callbacks:MaxDelaySeconds, until Callbacks:MaxAgeHours
/// after the delivery was enqueued. The job has recorded the failed delivery before it throws; this filter only
/// schedules the next one, through <see cref="HangfireRetries"/> like the service tasks' filter. The settings come
/// from the worker that ran the attempt (a job parameter), since filters are not built by DI.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class CallbackRetryAttribute : JobFilterAttribute, IElectStateFilter, IApplyStateFilter
{
    public const string SettingsParameter = "CallbackRetrySettings";

    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is not FailedState failed) return;
        if (failed.Exception is CallbackNotDeliverableException)
        {
            ServiceTaskMetrics.CallbackGaveUp();
            return;
        }

        var settings = context.GetJobParameter<CallbacksOptions>(SettingsParameter) ?? new CallbacksOptions();
        var retries = HangfireRetries.Count(context);
        if (Delay(retries, context.BackgroundJob.CreatedAt, DateTime.UtcNow, settings) is { } delay)
            HangfireRetries.Schedule(context, delay, retries + 1, "the callback", failed.Exception.Message);
        else
            ServiceTaskMetrics.CallbackGaveUp();
    }

    /// <summary>The wait before retry <paramref name="retries"/> + 1, or null when the delivery is too old to go on.</summary>
    public static TimeSpan? Delay(int retries, DateTime firstAttemptAt, DateTime now, CallbacksOptions settings)
    {
        var deadline = firstAttemptAt + TimeSpan.FromHours(settings.MaxAgeHours);
        if (now >= deadline) return null;
        var seconds = Math.Min(settings.MaxDelaySeconds, settings.FirstRetrySeconds * Math.Pow(2, Math.Min(retries, 30)));
        var delay = TimeSpan.FromSeconds(seconds);
        return delay < deadline - now ? delay : deadline - now;
    }

    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction) => HangfireRetries.Applied(context, transaction);

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction) => HangfireRetries.Unapplied(context, transaction);
}
