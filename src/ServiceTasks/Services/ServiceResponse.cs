using System.Text.Json.Serialization;

namespace ServiceTasks.Services;

/// <summary>
/// A service configuration as answered, secrets masked: the settings between the identity members. It is also the
/// document a PATCH is merged into, so the server-managed members are nullable: a patch that changes them is
/// answered with a 400 naming the member.
/// </summary>
internal sealed record ServiceResponse : ServiceSettings
{
    public ServiceResponse() { }

    public ServiceResponse(ServiceSettings settings) : base(settings) { }

    // System.Text.Json writes a derived record's own members before the inherited ones; Order 1 puts these after them.
    public Guid? Id { get; init; }
    public Guid? AppUuid { get; init; }
    [JsonPropertyOrder(1)] public int? Version { get; init; }
    [JsonPropertyOrder(1)] public string? CreatedBy { get; init; }
    [JsonPropertyOrder(1)] public DateTimeOffset? CreatedAt { get; init; }
    [JsonPropertyOrder(1)] public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>The circuit breaker's state (closed, open or half_open); on the read of one service and a patch's answer.</summary>
    [JsonPropertyOrder(1)] public string? CircuitState { get; init; }
}
