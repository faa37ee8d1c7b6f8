namespace ServiceTasks.Tasks;

internal sealed record TaskAttemptSummary(
    long Id, int RetryAttempt, string Status, int? HttpStatusCode, string? ErrorMessage, int ExecutionTimeMs, DateTimeOffset CreatedAt)
{
    public static TaskAttemptSummary From(ServiceExecutionLog l) =>
        new(l.Id, l.RetryAttempt, l.Status, l.HttpStatusCode, l.ErrorMessage, l.ExecutionTimeMs, l.CreatedAt);
}
