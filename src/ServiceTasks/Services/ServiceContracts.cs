using System.Text.Json;

namespace ServiceTasks.Services;

/// <summary>
/// The writable fields of a service configuration: the body of POST, each item of an import and of an export.
/// Every member is nullable so a missing required field is a field error, not a binding failure.
/// </summary>
public sealed record ServiceRequest
{
    public string? ServiceName { get; init; }
    public string? Description { get; init; }
    public string? ServiceType { get; init; }
    public string? EndpointUrl { get; init; }
    public string? HttpMethod { get; init; }
    public Dictionary<string, string>? Headers { get; init; }
    public AuthenticationSettings? Authentication { get; init; }
    public bool? SendIdempotencyKey { get; init; }
    public int? TimeoutSeconds { get; init; }
    public int? MaxRetries { get; init; }
    public RetryPolicy? RetryPolicy { get; init; }
    public string? MockTemplateId { get; init; }
    public MockDefinition? MockDefinition { get; init; }
    public int? RateLimitPerMinute { get; init; }
    public int? MaxConcurrency { get; init; }
    public CircuitBreakerSettings? CircuitBreaker { get; init; }
    public bool? IsActive { get; init; }
}

/// <summary>
/// A service configuration as answered, secrets masked. It is also the document a PATCH is merged into, so the
/// server-managed members are nullable: a patch that changes them is answered with a 400 naming the member.
/// </summary>
public sealed record ServiceResponse
{
    public Guid? Id { get; init; }
    public Guid? AppUuid { get; init; }
    public string? ServiceName { get; init; }
    public string? Description { get; init; }
    public string? ServiceType { get; init; }
    public string? EndpointUrl { get; init; }
    public string? HttpMethod { get; init; }
    public Dictionary<string, string>? Headers { get; init; }
    public AuthenticationSettings? Authentication { get; init; }
    public bool? SendIdempotencyKey { get; init; }
    public int? TimeoutSeconds { get; init; }
    public int? MaxRetries { get; init; }
    public RetryPolicy? RetryPolicy { get; init; }
    public string? MockTemplateId { get; init; }
    public MockDefinition? MockDefinition { get; init; }
    public int? RateLimitPerMinute { get; init; }
    public int? MaxConcurrency { get; init; }
    public CircuitBreakerSettings? CircuitBreaker { get; init; }
    public bool? IsActive { get; init; }
    public int? Version { get; init; }
    public string? CreatedBy { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>The circuit breaker's state (closed, open or half_open); on the read of one service and a patch's answer.</summary>
    public string? CircuitState { get; init; }

    public ServiceRequest ToRequest() => new()
    {
        ServiceName = ServiceName, Description = Description, ServiceType = ServiceType, EndpointUrl = EndpointUrl,
        HttpMethod = HttpMethod, Headers = Headers, Authentication = Authentication, SendIdempotencyKey = SendIdempotencyKey,
        TimeoutSeconds = TimeoutSeconds, MaxRetries = MaxRetries, RetryPolicy = RetryPolicy, MockTemplateId = MockTemplateId,
        MockDefinition = MockDefinition, RateLimitPerMinute = RateLimitPerMinute, MaxConcurrency = MaxConcurrency,
        CircuitBreaker = CircuitBreaker, IsActive = IsActive,
    };
}

/// <summary>One entry of a service's history; the snapshot is shown like the service itself, secrets masked.</summary>
public sealed record ServiceVersionResponse(int Version, string ChangedBy, DateTimeOffset ChangedAt, ServiceResponse Snapshot);

/// <summary>The export answer and the import body: <c>{services: [...]}</c>. Exports never hold secrets.</summary>
public sealed record ServicesDocument(List<ServiceRequest?>? Services);

public static class ImportActions
{
    public const string Create = "create";
    public const string Update = "update";
    public const string Unchanged = "unchanged";
}

public sealed record ImportItemResult(int Index, string ServiceName, string Action, Guid? Id);

public sealed record ImportResult(bool DryRun, int Created, int Updated, int Unchanged, IReadOnlyList<ImportItemResult> Items);

public sealed record MockTemplateResponse(
    string Id, string Name, string Description, JsonElement? SampleResponse, int? MinDelayMs, int? MaxDelayMs,
    IReadOnlyList<MockErrorScenario> ErrorScenarios)
{
    public static MockTemplateResponse From(MockTemplate t) => new(
        t.Id, t.Name, t.Description, t.Definition.SuccessResponse, t.Definition.MinDelayMs, t.Definition.MaxDelayMs,
        t.Definition.ErrorScenarios ?? []);
}
