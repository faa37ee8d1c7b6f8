namespace ServiceTasks.Throttling;

// Written by ServiceThrottle with raw SQL under a per-service advisory lock; EF only maps it for the migration.

/// <summary>One attempt start, kept for the length of the rate window (a sliding log: exact, unlike a token bucket).</summary>
internal sealed class ServiceRateStart
{
    public long Id { get; set; }
    public Guid ServiceConfigId { get; set; }
    public DateTimeOffset StartedAt { get; set; }
}
