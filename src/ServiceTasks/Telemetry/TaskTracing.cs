using System.Diagnostics;

namespace ServiceTasks.Telemetry;

/// <summary>
/// The spans a task adds to the trace of the request that enqueued it. The request's W3C traceparent is stored with the
/// task; every attempt, deferral and callback delivery starts from it, in whichever process runs it, so the trace
/// crosses the queue. With tracing off nothing listens: the activities are then plain ones, unrecorded, which still
/// carry the trace id to the downstream call, the callback, the log rows and the log scopes.
/// </summary>
internal static class TaskTracing
{
    public const string SourceName = "ServiceTasks";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>The traceparent of the current span (the enqueue request's), to store with a new task.</summary>
    public static string? CurrentTraceParent() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>The trace id of the current span, for a log row written inside an attempt.</summary>
    public static string? CurrentTraceId() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.TraceId.ToHexString() : null;

    /// <summary>The 32 hex digits of a stored traceparent, or null.</summary>
    public static string? TraceIdOf(string? traceParent) =>
        ActivityContext.TryParse(traceParent, null, out var context) ? context.TraceId.ToHexString() : null;

    /// <summary>One attempt: a span of its own under the enqueue request, with the downstream call as its child.</summary>
    public static Activity StartAttempt(ServiceTask task, string serviceName, int attemptIndex)
    {
        var activity = Start("service_task.attempt", ActivityKind.Consumer, task.TraceParent);
        if (activity.IsAllDataRequested)
        {
            activity.SetTag("service_task.id", task.Id.ToString());
            activity.SetTag("service_task.app", task.AppUuid.ToString());
            activity.SetTag("service_task.service", serviceName);
            activity.SetTag("service_task.attempt", attemptIndex + 1);
        }
        return activity;
    }

    public static void RecordOutcome(Activity activity, AttemptResult result)
    {
        if (!activity.IsAllDataRequested) return;
        activity.SetTag("service_task.outcome", result.Status);
        if (result.HttpStatusCode is { } status) activity.SetTag("http.response.status_code", status);
        if (!result.Succeeded) activity.SetStatus(ActivityStatusCode.Error, result.ErrorMessage);
    }

    /// <summary>A failed attempt that will be tried again: the wait shows as an event on its span.</summary>
    public static void RecordRetry(Activity activity, TimeSpan delay, int retryNumber) =>
        activity.AddEvent(new ActivityEvent("service_task.retry_scheduled", tags: new ActivityTagsCollection
        {
            ["service_task.retry_delay_ms"] = (long)delay.TotalMilliseconds, ["service_task.retry_number"] = retryNumber,
        }));

    /// <summary>
    /// An attempt that waits (a throttle, the pause, a retry not due yet) without running: a span covering the planned
    /// wait, so the gap between two attempts in the trace says what it was spent on.
    /// </summary>
    public static void RecordDeferral(ServiceTask? task, string reason, TimeSpan delay)
    {
        if (task is null || !Source.HasListeners()) return;
        ActivityContext.TryParse(task.TraceParent, null, out var parent);
        using var activity = Source.StartActivity("service_task.deferred", ActivityKind.Internal, parent);
        if (activity is null) return;
        activity.SetTag("service_task.id", task.Id.ToString());
        activity.SetTag("service_task.deferral_reason", reason);
        activity.SetTag("service_task.deferral_ms", (long)delay.TotalMilliseconds);
        activity.SetEndTime(activity.StartTimeUtc + delay);
    }

    /// <summary>One delivery of the completion callback, in the task's trace; the POST to the engine is its child.</summary>
    public static Activity StartCallback(ServiceTask task, Guid deliveryId)
    {
        var activity = Start("service_task.callback", ActivityKind.Producer, task.TraceParent);
        if (activity.IsAllDataRequested)
        {
            activity.SetTag("service_task.id", task.Id.ToString());
            activity.SetTag("service_task.app", task.AppUuid.ToString());
            activity.SetTag("service_task.callback_delivery", deliveryId.ToString());
        }
        return activity;
    }

    public static void RecordCallback(Activity activity, int attempt, int? statusCode, Exception? failure)
    {
        if (!activity.IsAllDataRequested) return;
        activity.SetTag("service_task.callback_attempt", attempt);
        activity.SetTag("service_task.callback_outcome", failure switch
        {
            null => "delivered",
            CallbackNotDeliverableException => "undeliverable",
            _ => "failed",
        });
        if (statusCode is { } status) activity.SetTag("http.response.status_code", status);
        if (failure is not null) activity.SetStatus(ActivityStatusCode.Error, failure.Message);
    }

    private static Activity Start(string name, ActivityKind kind, string? traceParent)
    {
        ActivityContext.TryParse(traceParent, null, out var parent);
        if (Source.StartActivity(name, kind, parent) is { } recorded) return recorded;
        var plain = new Activity(name);
        plain.SetIdFormat(ActivityIdFormat.W3C);
        if (parent != default) plain.SetParentId(parent.TraceId, parent.SpanId, parent.TraceFlags);
        return plain.Start();
    }
}
