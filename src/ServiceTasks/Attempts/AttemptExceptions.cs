namespace ServiceTasks.Attempts;

/// <summary>
/// The attempt ran and failed, and the job has already recorded it (log row and task moved, in one transaction).
/// It carries the decision for <see cref="ServiceTaskRetryFilter"/>: run again after <see cref="RetryDelay"/>, or
/// (null) the task is finished and the job fails with it.
/// </summary>
internal sealed class AttemptFailedException(string message, TimeSpan? retryDelay, int retryNumber, int maxRetries) : Exception(message)
{
    public TimeSpan? RetryDelay { get; } = retryDelay;
    public int RetryNumber { get; } = retryNumber;
    public int MaxRetries { get; } = maxRetries;
}

/// <summary>
/// Something other than the attempt's outcome broke (a database error, an unreadable configuration). The job has
/// counted it: try again after <see cref="RetryDelay"/>, or (null) the task has been failed and the job fails with it.
/// <see cref="Try"/> is 0 for an unreachable database, which is waited out without counting.
/// </summary>
internal sealed class InfrastructureFailureException(string cause, int @try, int limit, TimeSpan? retryDelay) : Exception(cause)
{
    public int Try { get; } = @try;
    public int Limit { get; } = limit;
    public TimeSpan? RetryDelay { get; } = retryDelay;
}

/// <summary>
/// The attempt did not run and does not count: the job goes back to wait (a queue no server reads while the
/// cluster is paused, or a delay) without touching the task's attempts.
/// </summary>
internal sealed class AttemptDeferredException(string reason, TimeSpan? delay = null, string? queue = null) : Exception(reason)
{
    public TimeSpan? Delay { get; } = delay;
    public string? Queue { get; } = queue;
}
