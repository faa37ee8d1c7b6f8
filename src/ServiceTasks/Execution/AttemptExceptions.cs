namespace ServiceTasks.Execution;

/// <summary>The attempt ran and failed; <see cref="ServiceTaskRetryFilter"/> decides between a retry and FAILED.</summary>
public sealed class AttemptFailedException(Guid taskId, AttemptResult result)
    : Exception(result.ErrorMessage ?? "The attempt failed.")
{
    public Guid TaskId { get; } = taskId;
    public AttemptResult Result { get; } = result;
}

/// <summary>
/// The attempt did not run and does not count: the job goes back to wait (a queue no server reads while the
/// cluster is paused, or a delay) without touching the task's attempts.
/// </summary>
public sealed class AttemptDeferredException(string reason, TimeSpan? delay = null, string? queue = null) : Exception(reason)
{
    public TimeSpan? Delay { get; } = delay;
    public string? Queue { get; } = queue;
}
