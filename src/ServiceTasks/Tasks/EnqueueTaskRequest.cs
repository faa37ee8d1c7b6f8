using System.Text.Json;

namespace ServiceTasks.Tasks;

internal sealed record EnqueueTaskRequest(
    Guid? ServiceConfigId, string? ServiceName, string? InstanceId, string? TaskId, JsonElement? InputData, string? CallbackUrl);
