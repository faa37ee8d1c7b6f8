namespace ServiceTasks.Attempts;

/// <summary>
/// Something other than the attempt's outcome broke (a database error, an unreadable configuration), and
/// <see cref="InfrastructureFailures"/> decided what follows: try again after <see cref="RetryDelay"/>, or (null) the
/// limit is reached, the task has been failed if it was still this job's, and the job fails with it.
/// <see cref="Try"/> is 0 for an unreachable database, which is waited out without counting.
/// </summary>
internal sealed class InfrastructureFailureException(string cause, int @try, int limit, TimeSpan? retryDelay) : Exception(cause)
{
    public int Try { get; } = @try;
    public int Limit { get; } = limit;
    public TimeSpan? RetryDelay { get; } = retryDelay;
}
