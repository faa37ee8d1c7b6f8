namespace ServiceTasks.Services;

/// <summary>One entry of a service's history; the snapshot is shown like the service itself, secrets masked.</summary>
internal sealed record ServiceVersionResponse(int Version, string ChangedBy, DateTimeOffset ChangedAt, ServiceResponse Snapshot);
