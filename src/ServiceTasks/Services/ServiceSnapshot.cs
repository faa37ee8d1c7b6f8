using System.Text.Json;

namespace ServiceTasks.Services;

/// <summary>
/// A version's snapshot is the whole configuration as stored (secrets still encrypted), so a task runs exactly the
/// version recorded at enqueue even after later edits. Every version, the current one included, has a row.
/// </summary>
internal static class ServiceSnapshot
{
    public static ServiceConfigurationVersion Of(ServiceConfiguration service, string changedBy) => new()
    {
        ServiceConfigId = service.Id,
        Version = service.Version,
        AppUuid = service.AppUuid,
        Snapshot = JsonSerializer.SerializeToDocument(service, JsonDefaults.Options),
        ChangedBy = changedBy,
        ChangedAt = service.UpdatedAt,
    };

    public static ServiceConfiguration Read(ServiceConfigurationVersion version) =>
        version.Snapshot.Deserialize<ServiceConfiguration>(JsonDefaults.Options)
        ?? throw new InvalidOperationException($"Empty snapshot for {version.ServiceConfigId} v{version.Version}.");
}
