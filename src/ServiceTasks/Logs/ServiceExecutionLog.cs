using System.Text.Json;

namespace ServiceTasks.Logs;

/// <summary>
/// One attempt of one task: what was sent (secrets redacted), what came back, and how long it took. Written RUNNING in
/// the statement that starts the attempt, finished with its outcome (see <see cref="ExecutionStatus"/>).
/// </summary>
internal sealed class ServiceExecutionLog : ITenantOwned
{
    public long Id { get; set; }
    public Guid AppUuid { get; set; }
    public Guid? ServiceTaskId { get; set; }
    public Guid ServiceConfigId { get; set; }
    public required string ServiceName { get; set; }
    public string? InstanceId { get; set; }
    public required string Status { get; set; }
    public JsonDocument? RequestData { get; set; }
    public JsonDocument? ResponseData { get; set; }
    public bool ResponseTruncated { get; set; }
    public string? ErrorMessage { get; set; }
    public int ExecutionTimeMs { get; set; }
    public int? HttpStatusCode { get; set; }
    public int RetryAttempt { get; set; }

    /// <summary>The trace of the attempt (32 hex digits), the enqueue request's.</summary>
    public string? TraceId { get; set; }

    /// <summary>When the attempt started.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When its outcome was recorded (or it was found interrupted); null while it runs, and on rows written before.</summary>
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The Hangfire server (machine:process:id) that started the attempt: named when a re-run finds it interrupted.</summary>
    public string? ServerId { get; set; }
}
