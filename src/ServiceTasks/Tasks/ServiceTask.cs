using System.Text.Json;

namespace ServiceTasks.Tasks;

/// <summary>One SERVICE_TASK node of one workflow instance, run until it reaches a terminal status.</summary>
internal sealed class ServiceTask : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid AppUuid { get; set; }
    public required string InstanceId { get; set; }
    public required string TaskId { get; set; }
    public Guid ServiceConfigId { get; set; }
    public int ConfigVersion { get; set; }
    public string Status { get; set; } = ServiceTaskStatus.Pending;
    public JsonDocument? InputData { get; set; }
    public JsonDocument? OutputData { get; set; }
    public string? ErrorMessage { get; set; }
    public int Attempts { get; set; }
    public int MaxRetries { get; set; }

    /// <summary>The attempts already made when the current retry budget began (0, or the count at a manual retry).</summary>
    public int AttemptBudgetStart { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public required string IdempotencyKey { get; set; }

    /// <summary>SHA-256 of the enqueue body, to tell a replay from a conflicting reuse of the key.</summary>
    public string? RequestHash { get; set; }

    public string? CallbackUrl { get; set; }
    /// <summary>The one Hangfire job that may run this task's attempts; duplicates find another id here and stop.</summary>
    public string? HangfireJobId { get; set; }

    /// <summary>The one Hangfire job that delivers the completion callback: one callback sequence per terminal task.</summary>
    public string? CallbackJobId { get; set; }
    public DateTimeOffset? CancelRequestedAt { get; set; }

    /// <summary>
    /// A run of this task's job broke for a reason other than the service's answer, so the job's count of such tries
    /// may need resetting after the next normal outcome (<see cref="Attempts.InfrastructureFailures"/>).
    /// </summary>
    public bool HasInfrastructureTries { get; set; }

    /// <summary>The W3C traceparent of the enqueue request: every attempt and callback continues that trace.</summary>
    public string? TraceParent { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}
