namespace ServiceTasks.Throttling;

// The cluster-wide throttling state of a service (its limits and circuit breaker), written by ServiceThrottle and CircuitBreaker
// with raw SQL under a per-service advisory lock; EF only maps them for the migration.

/// <summary>One concurrency slot, held by a Hangfire job; it frees itself at <see cref="ExpiresAt"/> if its holder dies.</summary>
internal sealed class ServiceConcurrencyLease
{
    public Guid ServiceConfigId { get; set; }
    public required string Holder { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>One attempt start, kept for the length of the rate window (a sliding log: exact, unlike a token bucket).</summary>
internal sealed class ServiceRateStart
{
    public long Id { get; set; }
    public Guid ServiceConfigId { get; set; }
    public DateTimeOffset StartedAt { get; set; }
}

/// <summary>A service's circuit breaker; no row means CLOSED with no failures.</summary>
internal sealed class ServiceCircuitState
{
    public Guid ServiceConfigId { get; set; }
    public required string State { get; set; }
    public int ConsecutiveFailures { get; set; }
    public DateTimeOffset? OpenedUntil { get; set; }

    /// <summary>The job running the one trial attempt while HALF_OPEN, until <see cref="TrialUntil"/>.</summary>
    public string? TrialHolder { get; set; }
    public DateTimeOffset? TrialUntil { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal static class CircuitStates
{
    public const string Closed = "CLOSED";
    public const string Open = "OPEN";
    public const string HalfOpen = "HALF_OPEN";
}
