using ServiceTasks.Data;

namespace ServiceTasks.Services;

/// <summary>How to run one kind of service task: a REAL HTTP call or a MOCK simulation, with its retry policy and limits.</summary>
public sealed class ServiceConfiguration : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid AppUuid { get; set; }
    public required string ServiceName { get; set; }
    public string? Description { get; set; }
    public required string ServiceType { get; set; }
    public string? EndpointUrl { get; set; }
    public string? HttpMethod { get; set; }
    public Dictionary<string, string>? Headers { get; set; }

    /// <summary>Secret members are stored encrypted; see <c>SecretProtector</c>.</summary>
    public AuthenticationSettings? Authentication { get; set; }

    public bool SendIdempotencyKey { get; set; } = true;
    public int TimeoutSeconds { get; set; } = 30;
    public int MaxRetries { get; set; } = 3;
    public RetryPolicy RetryPolicy { get; set; } = new();
    public string? MockTemplateId { get; set; }
    public MockDefinition? MockDefinition { get; set; }
    public int? RateLimitPerMinute { get; set; }
    public int? MaxConcurrency { get; set; }
    public CircuitBreakerSettings? CircuitBreaker { get; set; }
    public bool IsActive { get; set; } = true;
    public int Version { get; set; } = 1;
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public static class ServiceTypes
{
    public const string Real = "REAL";
    public const string Mock = "MOCK";
}
