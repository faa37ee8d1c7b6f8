namespace ServiceTasks.Attempts;

/// <summary>
/// The attempt did not run and does not count: the job goes back to the schedule for <see cref="Delay"/> (parked
/// while the cluster is paused, held by a throttle, or not due yet) without touching the task's attempts.
/// </summary>
internal sealed class AttemptDeferredException(string reason, TimeSpan? delay = null) : Exception(reason)
{
    public TimeSpan? Delay { get; } = delay;
}
