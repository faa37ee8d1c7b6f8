using System.Text.Json;
using Microsoft.Extensions.Primitives;

namespace ServiceTasks.Tasks;

internal static class TaskRequestValidation
{
    private const int MaxKeyLength = 200;

    /// <summary>Checks an enqueue body and picks its idempotency key: the header when sent, else (instance_id, task_id).</summary>
    public static FieldErrors Validate(EnqueueTaskRequest request, StringValues header, out string key)
    {
        var errors = new FieldErrors();
        if (request.ServiceConfigId is null && string.IsNullOrWhiteSpace(request.ServiceName))
            errors.Add("service_config_id", "service_config_id or service_name is required.");
        errors.Required("instance_id", request.InstanceId);
        errors.Required("task_id", request.TaskId);
        errors.AbsoluteHttpUrl("callback_url", request.CallbackUrl);
        if (request.InputData is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) })
            errors.Add("input_data", "must be a JSON object.");

        key = "";
        if (header.Count > 1) errors.Add(TasksApi.IdempotencyHeader, "must be sent once.");
        else if (header.Count == 1)
        {
            var value = header[0] ?? "";
            if (value.Length is 0 or > MaxKeyLength || value.Any(c => c is < '!' or > '~'))
                errors.Add(TasksApi.IdempotencyHeader, $"must be 1 to {MaxKeyLength} visible ASCII characters.");
            key = "key:" + value;
        }
        else if (!errors.Any) key = RequestFingerprint.DefaultKey(request.InstanceId!, request.TaskId!);
        return errors;
    }
}
