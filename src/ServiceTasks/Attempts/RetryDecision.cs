namespace ServiceTasks.Attempts;

/// <summary>After a failed attempt: the delay before the next one, or (when null) the reason the task fails now.</summary>
internal sealed record RetryDecision(TimeSpan? Delay, string? FailureMessage)
{
    public static RetryDecision RetryAfter(TimeSpan delay) => new(delay, null);
    public static RetryDecision Fail(string message) => new(null, message);
}
