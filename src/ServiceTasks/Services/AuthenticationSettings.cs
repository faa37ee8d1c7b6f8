namespace ServiceTasks.Services;

// A JSON-shaped member of the service settings, stored as jsonb.
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
