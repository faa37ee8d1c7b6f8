namespace ServiceTasks.Attempts;

/// <summary>
/// What a recorded failure decided: the next attempt after <paramref name="Delay"/>, retry <paramref name="RetryNumber"/>
/// of <paramref name="MaxRetries"/>, or (no delay) none.
/// </summary>
internal sealed record RetryOutcome(TimeSpan? Delay, int RetryNumber, int MaxRetries);
