namespace ServiceTasks.Logs;

/// <summary>A log row in a list: everything but the request and response bodies, which only the detail answers.</summary>
internal sealed record LogSummaryResponse(
    long Id, Guid? ServiceTaskId, Guid ServiceConfigId, string ServiceName, string? InstanceId, string Status,
    string? ErrorMessage, int ExecutionTimeMs, int? HttpStatusCode, int RetryAttempt, DateTimeOffset CreatedAt, string? TraceId);
