using System.Text.Json;

namespace ServiceTasks.Services;

/// <summary>A service configuration as it was at one version; tasks run the version recorded at enqueue.</summary>
internal sealed class ServiceConfigurationVersion : ITenantOwned
{
    public Guid ServiceConfigId { get; set; }
    public int Version { get; set; }
    public Guid AppUuid { get; set; }
    public required JsonDocument Snapshot { get; set; }
    public required string ChangedBy { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}
