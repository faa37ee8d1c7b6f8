using System.Text.Json;

namespace ServiceTasks.Logs;

/// <summary>A log row in a list: everything but the request and response bodies, which only the detail answers.</summary>
internal sealed record LogSummaryResponse(
    long Id, Guid? ServiceTaskId, Guid ServiceConfigId, string ServiceName, string? InstanceId, string Status,
    string? ErrorMessage, int ExecutionTimeMs, int? HttpStatusCode, int RetryAttempt, DateTimeOffset CreatedAt);

/// <summary>One page of logs. <c>next_cursor</c> continues after the last item; absent on the last page.</summary>
internal sealed record LogPageResponse(
    IReadOnlyList<LogSummaryResponse> Items, int TotalCount, int Page, int PageSize, string? NextCursor);

/// <summary>The whole log row, including what was sent (secrets already redacted when written) and what came back.</summary>
internal sealed record LogDetailResponse(
    long Id, Guid? ServiceTaskId, Guid ServiceConfigId, string ServiceName, string? InstanceId, string Status,
    JsonDocument? RequestData, JsonDocument? ResponseData, bool ResponseTruncated, string? ErrorMessage,
    int ExecutionTimeMs, int? HttpStatusCode, int RetryAttempt, DateTimeOffset CreatedAt)
{
    public static LogDetailResponse From(ServiceExecutionLog l) =>
        new(l.Id, l.ServiceTaskId, l.ServiceConfigId, l.ServiceName, l.InstanceId, l.Status, l.RequestData,
            l.ResponseData, l.ResponseTruncated, l.ErrorMessage, l.ExecutionTimeMs, l.HttpStatusCode, l.RetryAttempt, l.CreatedAt);
}

/// <summary>Executions of one service in the range; success_rate is succeeded / total (0 to 1).</summary>
internal sealed record ServiceStatsResponse(
    Guid ServiceConfigId, string ServiceName, long Total, long Succeeded, long Failed, long TimedOut,
    double SuccessRate, double AvgMs, double P95Ms);

/// <summary>Executions that started in one UTC hour with one status; hours without any are left out.</summary>
internal sealed record HourlyCountResponse(DateTimeOffset Hour, string Status, long Count);

internal sealed record StatsResponse(
    DateTimeOffset DateFrom, DateTimeOffset DateTo, IReadOnlyList<ServiceStatsResponse> Items, IReadOnlyList<HourlyCountResponse> Hourly);
