using Microsoft.AspNetCore.Mvc;

namespace ServiceTasks.Tasks;

/// <summary>The raw query string of <c>GET /api/service-tasks</c>; strings, so a bad value becomes a field error of ours.</summary>
internal sealed record TaskQueryParameters(
    [FromQuery(Name = "instance_id")] string? InstanceId,
    [FromQuery(Name = "task_id")] string? TaskId,
    [FromQuery(Name = "status")] string? Status,
    [FromQuery(Name = "service_config_id")] string? ServiceConfigId,
    [FromQuery(Name = "service_name")] string? ServiceName,
    [FromQuery(Name = "created_from")] string? CreatedFrom,
    [FromQuery(Name = "created_to")] string? CreatedTo,
    [FromQuery(Name = "cursor")] string? Cursor)
{
    /// <summary>Every query parameter the list takes; any other is a 400.</summary>
    public static readonly string[] Names =
    [
        "instance_id", "task_id", "status", "service_config_id", "service_name", "created_from", "created_to", "cursor",
        "page", "page_size",
    ];
}
