using System.Text.Json;

namespace ServiceTasks.Logs;

/// <summary>The whole log row, including what was sent (secrets already redacted when written) and what came back.</summary>
internal sealed record LogDetailResponse(
    long Id, Guid? ServiceTaskId, Guid ServiceConfigId, string ServiceName, string? InstanceId, string Status,
    JsonDocument? RequestData, JsonDocument? ResponseData, bool ResponseTruncated, string? ErrorMessage,
    int ExecutionTimeMs, int? HttpStatusCode, int RetryAttempt, DateTimeOffset CreatedAt, string? TraceId)
{
    public static LogDetailResponse From(ServiceExecutionLog l) =>
        new(l.Id, l.ServiceTaskId, l.ServiceConfigId, l.ServiceName, l.InstanceId, l.Status, l.RequestData,
            l.ResponseData, l.ResponseTruncated, l.ErrorMessage, l.ExecutionTimeMs, l.HttpStatusCode, l.RetryAttempt, l.CreatedAt, l.TraceId);
}
