namespace ServiceTasks.Throttling;

// Written by ServiceThrottle with raw SQL under a per-service advisory lock; EF only maps it for the migration.

/// <summary>One concurrency slot, held by a Hangfire job; it frees itself at <see cref="ExpiresAt"/> if its holder dies.</summary>
internal sealed class ServiceConcurrencyLease
{
    public Guid ServiceConfigId { get; set; }
    public required string Holder { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
