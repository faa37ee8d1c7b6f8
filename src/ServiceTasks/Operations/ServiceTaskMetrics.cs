using Prometheus;

namespace ServiceTasks.Operations;

/// <summary>
/// The counters and histograms this process records as things happen. Gauges read from the database and from
/// Hangfire are refreshed per scrape (<see cref="MetricsEndpoint"/>). Labels are service types, statuses and
/// queue names only: never a URL, key or tenant.
/// </summary>
internal static class ServiceTaskMetrics
{
    private static readonly string[] Types = [ServiceTypes.Real, ServiceTypes.Mock];

    private static readonly Histogram AttemptDuration = Metrics.CreateHistogram(
        "servicetasks_attempt_duration_seconds", "Duration of one attempt of a service task, by service type and outcome.",
        new HistogramConfiguration
        {
            LabelNames = ["service_type", "status"],
            Buckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
        });

    // Per service (its name, without the app: two apps' services of one name share a series) for the p95 per service.
    private static readonly Histogram ServiceAttemptDuration = Metrics.CreateHistogram(
        "servicetasks_service_attempt_duration_seconds", "Duration of one attempt of a service task, by service name.",
        new HistogramConfiguration
        {
            LabelNames = ["service"],
            Buckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
        });

    private static readonly Counter Deferrals = Metrics.CreateCounter(
        "servicetasks_deferrals_total", "Runs of an attempt job that waited instead of attempting, by reason.",
        new CounterConfiguration { LabelNames = ["reason"] });

    private static readonly Counter CallbacksGivenUp = Metrics.CreateCounter(
        "servicetasks_callbacks_given_up_total", "Completion callbacks no longer retried: undeliverable, or too old to go on.");

    private static readonly Counter CallbackAttempts = Metrics.CreateCounter(
        "servicetasks_callback_attempts_total", "Completion callback delivery attempts by outcome (delivered, failed, undeliverable).",
        new CounterConfiguration { LabelNames = ["outcome"] });

    private static readonly Counter ThrottleDeferrals = Metrics.CreateCounter(
        "servicetasks_throttle_deferrals_total", "Attempts deferred by a service's rate limit, concurrency limit or open circuit.",
        new CounterConfiguration { LabelNames = ["service_type"] });

    private static readonly Counter InfrastructureFailures = Metrics.CreateCounter(
        "servicetasks_infrastructure_failures_total",
        "Attempt runs that broke for a reason other than the service's answer: retried, or gave_up (the task failed).",
        new CounterConfiguration { LabelNames = ["outcome"] });

    private static readonly Counter InterruptedAttempts = Metrics.CreateCounter(
        "servicetasks_attempts_interrupted_total",
        "Attempts whose run stopped before the outcome was recorded (a killed or stopped worker), found and closed by the re-run.",
        new CounterConfiguration { LabelNames = ["service_type"] });

    internal static readonly Gauge Tasks = Metrics.CreateGauge(
        "servicetasks_tasks", "Service tasks by status, across every app (PENDING includes those waiting for a retry).",
        new GaugeConfiguration { LabelNames = ["status"] });

    internal static readonly Gauge QueueDepth = Metrics.CreateGauge(
        "servicetasks_queue_depth", "Hangfire jobs enqueued and waiting for a worker, by queue.",
        new GaugeConfiguration { LabelNames = ["queue"] });

    internal static readonly Gauge ScheduledJobs = Metrics.CreateGauge(
        "servicetasks_scheduled_jobs", "Hangfire jobs scheduled for later: retries waiting for their delay and deferred attempts.");

    internal static readonly Gauge CircuitOpen = Metrics.CreateGauge(
        "servicetasks_circuit_open", "1 while a service's circuit breaker is open or half-open (waiting for its trial call), else 0.",
        new GaugeConfiguration { LabelNames = ["service"] });

    internal static readonly Gauge Workers = Metrics.CreateGauge(
        "servicetasks_worker_servers", "Hangfire servers (worker processes) with a heartbeat in the last minute, cluster-wide.");

    static ServiceTaskMetrics()
    {
        // Every series exists from the start, so a scrape shows 0 rather than nothing.
        foreach (var type in Types)
        {
            ThrottleDeferrals.WithLabels(type);
            InterruptedAttempts.WithLabels(type);
            foreach (var status in new[] { ExecutionStatus.Success, ExecutionStatus.Failed, ExecutionStatus.Timeout })
                AttemptDuration.WithLabels(type, status);
        }
        foreach (var outcome in new[] { "delivered", "failed", "undeliverable" }) CallbackAttempts.WithLabels(outcome);
        foreach (var outcome in new[] { "retried", "gave_up" }) InfrastructureFailures.WithLabels(outcome);
        foreach (var reason in DeferralReasons.All) Deferrals.WithLabels(reason);
    }

    public static void AttemptInterrupted(string serviceType) => InterruptedAttempts.WithLabels(serviceType).Inc();

    public static void AttemptFinished(ServiceConfiguration service, string status, int executionTimeMs)
    {
        AttemptDuration.WithLabels(service.ServiceType, status).Observe(executionTimeMs / 1000.0);
        ServiceAttemptDuration.WithLabels(service.ServiceName).Observe(executionTimeMs / 1000.0);
    }

    public static void Deferred(string reason) => Deferrals.WithLabels(reason).Inc();

    public static void CallbackGaveUp() => CallbacksGivenUp.Inc();

    /// <param name="failure">Null when delivered; <see cref="CallbackNotDeliverableException"/> when it can never be.</param>
    public static void CallbackAttempted(Exception? failure) =>
        CallbackAttempts.WithLabels(failure switch
        {
            null => "delivered",
            CallbackNotDeliverableException => "undeliverable",
            _ => "failed",
        }).Inc();

    /// <summary>For throttling: an attempt that waits for its service's limit instead of running.</summary>
    public static void ThrottleDeferred(string serviceType) => ThrottleDeferrals.WithLabels(serviceType).Inc();

    /// <summary>A run that broke for a reason other than the service's answer; <paramref name="gaveUp"/> when its task failed for it.</summary>
    public static void InfrastructureFailure(bool gaveUp) => InfrastructureFailures.WithLabels(gaveUp ? "gave_up" : "retried").Inc();

    /// <summary>Touches the static fields so every series is registered before the first scrape.</summary>
    internal static void EnsureRegistered() =>
        System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof(ServiceTaskMetrics).TypeHandle);
}
