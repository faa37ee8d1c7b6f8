namespace ServiceTasks.Attempts;

/// <summary>
/// An attempt that has started: the task as it was read before, the configuration version it runs, its open log row,
/// and the task's counters as the start left them (what the retry decision needs).
/// </summary>
internal sealed record StartedAttempt(
    ServiceTask Task, ServiceConfiguration Service, long LogId, int Attempts, int AttemptBudgetStart)
{
    /// <summary>This attempt's number from 0 (its log row's retry_attempt).</summary>
    public int AttemptIndex => Attempts - 1;

    /// <summary>Retries of the current budget used before this attempt; interrupted attempts are not among them.</summary>
    public int RetriesUsed => Attempts - AttemptBudgetStart - 1;
}
