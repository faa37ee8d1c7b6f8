using Microsoft.AspNetCore.Mvc;

namespace ServiceTasks.Logs;

/// <summary>The raw query string of <c>GET /api/services/logs</c>; strings, so a bad value becomes a field error of ours.</summary>
internal sealed record LogQueryParameters(
    [FromQuery(Name = "service_config_id")] string? ServiceConfigId,
    [FromQuery(Name = "service_name")] string? ServiceName,
    [FromQuery(Name = "status")] string? Status,
    [FromQuery(Name = "instance_id")] string? InstanceId,
    [FromQuery(Name = "service_task_id")] string? ServiceTaskId,
    [FromQuery(Name = "date_from")] string? DateFrom,
    [FromQuery(Name = "date_to")] string? DateTo,
    [FromQuery(Name = "cursor")] string? Cursor)
{
    /// <summary>Every query parameter the list takes; any other is a 400.</summary>
    public static readonly string[] Names =
    [
        "service_config_id", "service_name", "status", "instance_id", "service_task_id", "date_from", "date_to", "cursor",
        "page", "page_size",
    ];
}
