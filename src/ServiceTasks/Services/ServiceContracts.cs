using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServiceTasks.Services;

/// <summary>
/// The body of POST, each item of an import and of an export: the settings alone. A missing required member is a
/// field error from the validator, not a binding failure.
/// </summary>
internal sealed record ServiceRequest : ServiceSettings
{
    public ServiceRequest() { }

    public ServiceRequest(ServiceSettings settings) : base(settings) { }
}

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

/// <summary>One entry of a service's history; the snapshot is shown like the service itself, secrets masked.</summary>
internal sealed record ServiceVersionResponse(int Version, string ChangedBy, DateTimeOffset ChangedAt, ServiceResponse Snapshot);

/// <summary>The export answer and the import body: <c>{services: [...]}</c>. Exports never hold secrets.</summary>
internal sealed record ServicesDocument(List<ServiceRequest?>? Services);

internal static class ImportActions
{
    public const string Create = "create";
    public const string Update = "update";
    public const string Unchanged = "unchanged";
}

internal sealed record ImportItemResult(int Index, string ServiceName, string Action, Guid? Id);

internal sealed record ImportResult(bool DryRun, int Created, int Updated, int Unchanged, IReadOnlyList<ImportItemResult> Items);

internal sealed record MockTemplateResponse(
    string Id, string Name, string Description, JsonElement? SampleResponse, int? MinDelayMs, int? MaxDelayMs,
    IReadOnlyList<MockErrorScenario> ErrorScenarios)
{
    public static MockTemplateResponse From(MockTemplate t) => new(
        t.Id, t.Name, t.Description, t.Definition.SuccessResponse, t.Definition.MinDelayMs, t.Definition.MaxDelayMs,
        t.Definition.ErrorScenarios ?? []);
}
