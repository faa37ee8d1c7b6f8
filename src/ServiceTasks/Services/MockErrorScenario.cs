namespace ServiceTasks.Services;

// One of a MockDefinition's error scenarios, stored inside its jsonb.
internal sealed record MockErrorScenario
{
    public string? Name { get; init; }
    public double Probability { get; init; }
    public int? StatusCode { get; init; }
    public string? ErrorMessage { get; init; }
    public int? DelayMs { get; init; }
    public bool? Retryable { get; init; }
}
