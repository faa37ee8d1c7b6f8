namespace ServiceTasks.Throttling;

// Written by CircuitBreaker with raw SQL; EF only maps it for the migration.

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
