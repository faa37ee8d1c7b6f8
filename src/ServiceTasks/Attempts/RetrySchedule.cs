namespace ServiceTasks.Attempts;

/// <summary>The retry policy as a pure function: when, if at all, the next attempt of a failed task starts.</summary>
internal static class RetrySchedule
{
    /// <summary>Retry n (from 0) waits min(max_delay, initial_delay × multiplier^n), drawn from 0 to that with full jitter.</summary>
    public static TimeSpan Delay(RetryPolicy policy, int retryIndex, TimeSpan? retryAfter, double unitRandom)
    {
        var ceiling = Math.Min(policy.MaxDelaySeconds, policy.InitialDelaySeconds * Math.Pow(policy.Multiplier, retryIndex));
        var seconds = policy.Jitter == "none" ? ceiling : ceiling * unitRandom;
        // Retry-After is the least wait, but never beyond max_delay.
        if (retryAfter is { } least) seconds = Math.Max(seconds, Math.Min(least.TotalSeconds, policy.MaxDelaySeconds));
        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>The decision after a failed attempt: a delay to retry after, or the reason the task fails now.</summary>
    public static RetryDecision Decide(RetryPolicy policy, int retriesUsed, int maxRetries, AttemptResult result,
        DateTimeOffset taskCreatedAt, DateTimeOffset now, double unitRandom)
    {
        if (!result.Retryable) return RetryDecision.Fail(result.ErrorMessage ?? "The attempt failed and is not retryable.");
        if (retriesUsed >= maxRetries)
            return RetryDecision.Fail($"{result.ErrorMessage} (gave up after {maxRetries + 1} attempts)".TrimStart());

        var delay = Delay(policy, retriesUsed, result.RetryAfter, unitRandom);
        if (policy.DeadlineSeconds is { } deadline && now + delay > taskCreatedAt.AddSeconds(deadline))
            return RetryDecision.Fail($"{result.ErrorMessage} (deadline of {deadline} s would pass before the next attempt)".TrimStart());
        return RetryDecision.RetryAfter(delay);
    }
}
