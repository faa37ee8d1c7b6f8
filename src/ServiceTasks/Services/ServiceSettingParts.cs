using System.Text.Json;

namespace ServiceTasks.Services;

// The JSON-shaped members of the service settings, stored as jsonb. Records so that EF can
// compare snapshots by value; collections are replaced, never mutated in place.

internal sealed record RetryPolicy
{
    public double InitialDelaySeconds { get; init; } = 2;
    public double Multiplier { get; init; } = 2;
    public double MaxDelaySeconds { get; init; } = 300;
    public string Jitter { get; init; } = "full";
    public double? DeadlineSeconds { get; init; }
}

internal sealed record CircuitBreakerSettings
{
    public int FailureThreshold { get; init; } = 5;
    public int BreakSeconds { get; init; } = 30;
}

internal sealed record AuthenticationSettings
{
    public string Type { get; init; } = "none";
    public string? ApiKey { get; init; }
    public string? HeaderName { get; init; }
    public string? QueryParam { get; init; }
    public string? Token { get; init; }
    public string? Username { get; init; }
    public string? Password { get; init; }
    public string? TokenUrl { get; init; }
    public string? ClientId { get; init; }
    public string? ClientSecret { get; init; }
    public string? Scope { get; init; }
}

internal sealed record MockDefinition
{
    public JsonElement? SuccessResponse { get; init; }
    public int? MinDelayMs { get; init; }
    public int? MaxDelayMs { get; init; }
    public List<MockErrorScenario>? ErrorScenarios { get; init; }
    public int? RandomSeed { get; init; }
}

internal sealed record MockErrorScenario
{
    public string? Name { get; init; }
    public double Probability { get; init; }
    public int? StatusCode { get; init; }
    public string? ErrorMessage { get; init; }
    public int? DelayMs { get; init; }
    public bool? Retryable { get; init; }
}
