using System.Text.Json;

namespace ServiceTasks.Tasks;

internal sealed record TaskResponse(
    Guid Id, Guid ServiceConfigId, int ConfigVersion, string InstanceId, string TaskId, string Status,
    JsonElement? InputData, JsonElement? OutputData, string? ErrorMessage, int Attempts, int AttemptBudgetStart, int MaxRetries,
    DateTimeOffset? NextAttemptAt, string? CallbackUrl, string CallbackState, string? CallbackError, bool CancelRequested,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt,
    IReadOnlyList<TaskAttemptSummary>? Executions = null, IReadOnlyList<CallbackDeliveryResponse>? CallbackDeliveries = null,
    string? TraceId = null)
{
    /// <summary>
    /// callback_state: none (no URL), waiting (not terminal yet), scheduled (no delivery attempt yet), delivered,
    /// failing (retrying; callback_error is the last error) or given_up. Without <paramref name="callback"/> (from
    /// <see cref="CallbackStates.OfAsync"/>) a task with a delivery job reads scheduled.
    /// </summary>
    public static TaskResponse From(ServiceTask t, (string State, string? Error)? callback = null) => new(
        t.Id, t.ServiceConfigId, t.ConfigVersion, t.InstanceId, t.TaskId, t.Status,
        t.InputData?.RootElement, t.OutputData?.RootElement, t.ErrorMessage, t.Attempts, t.AttemptBudgetStart, t.MaxRetries,
        t.NextAttemptAt, t.CallbackUrl, callback?.State ?? CallbackStates.Plain(t), callback?.Error, t.CancelRequestedAt is not null,
        t.CreatedAt, t.StartedAt, t.CompletedAt, TraceId: TaskTracing.TraceIdOf(t.TraceParent));
}
