using System.Text.Json;

namespace ServiceTasks.Tasks;

internal sealed record TaskResponse(
    Guid Id, Guid ServiceConfigId, int ConfigVersion, string InstanceId, string TaskId, string Status,
    JsonElement? InputData, JsonElement? OutputData, string? ErrorMessage, int Attempts, int MaxRetries,
    DateTimeOffset? NextAttemptAt, string? CallbackUrl, string CallbackState, bool CancelRequested,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt,
    IReadOnlyList<TaskAttemptSummary>? Executions = null, IReadOnlyList<CallbackDeliveryResponse>? CallbackDeliveries = null,
    string? TraceId = null)
{
    public static TaskResponse From(ServiceTask t) => new(
        t.Id, t.ServiceConfigId, t.ConfigVersion, t.InstanceId, t.TaskId, t.Status,
        t.InputData?.RootElement, t.OutputData?.RootElement, t.ErrorMessage, t.Attempts, t.MaxRetries,
        t.NextAttemptAt, t.CallbackUrl, CallbackStateOf(t), t.CancelRequestedAt is not null,
        t.CreatedAt, t.StartedAt, t.CompletedAt, TraceId: TaskTracing.TraceIdOf(t.TraceParent));

    /// <summary>none (no URL), waiting (not terminal yet), or scheduled (a delivery job owns it; see callback_deliveries).</summary>
    private static string CallbackStateOf(ServiceTask t) => t.CallbackJobId switch
    {
        CompletionCallbacks.NoCallback => "none",
        null => "waiting",
        _ => "scheduled",
    };
}
