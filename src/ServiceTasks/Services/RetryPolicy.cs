namespace ServiceTasks.Services;

// A JSON-shaped member of the service settings, stored as jsonb.
internal sealed record RetryPolicy
{
    public double InitialDelaySeconds { get; init; } = 2;
    public double Multiplier { get; init; } = 2;
    public double MaxDelaySeconds { get; init; } = 300;
    public string Jitter { get; init; } = "full";
    public double? DeadlineSeconds { get; init; }
}
