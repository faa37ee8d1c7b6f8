namespace ServiceTasks.Services;

// A JSON-shaped member of the service settings, stored as jsonb.
internal sealed record CircuitBreakerSettings
{
    public int FailureThreshold { get; init; } = 5;
    public int BreakSeconds { get; init; } = 30;
}
