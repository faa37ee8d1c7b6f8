namespace ServiceTasks.Attempts;

/// <summary>
/// The attempt ran and failed, and the job has already recorded it (log row and the task's move, in one transaction).
/// It carries the decision for <see cref="ServiceTaskRetryFilter"/>: run again after <see cref="RetryDelay"/>, or
/// (null) no further attempt — the task is finished, or no longer this job's — and the job fails with it.
/// </summary>
internal sealed class AttemptFailedException(string message, TimeSpan? retryDelay, int retryNumber, int maxRetries) : Exception(message)
{
    public TimeSpan? RetryDelay { get; } = retryDelay;
    public int RetryNumber { get; } = retryNumber;
    public int MaxRetries { get; } = maxRetries;
}
