using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServiceTasks.Callbacks;

/// <summary>The body of a completion callback (docs/api.md). Null members are sent as null, so receivers see every field.</summary>
internal sealed record CallbackPayload(
    Guid ServiceTaskId,
    string InstanceId,
    string TaskId,
    Guid ServiceConfigId,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] JsonElement? OutputData,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ErrorMessage,
    int Attempts,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTimeOffset? CompletedAt)
{
    public static CallbackPayload From(ServiceTask task) => new(
        task.Id, task.InstanceId, task.TaskId, task.ServiceConfigId, task.Status,
        task.OutputData?.RootElement.Clone(), task.ErrorMessage, task.Attempts, task.CompletedAt);

    public string ToJson() => JsonSerializer.Serialize(this, JsonDefaults.Options);
}
