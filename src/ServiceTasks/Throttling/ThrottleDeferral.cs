namespace ServiceTasks.Throttling;

/// <summary>Why and how long an attempt waits. <see cref="WaitingFor"/> completes "waiting for ...".</summary>
internal sealed record ThrottleDeferral(string WaitingFor, TimeSpan Delay)
{
    public const string ConcurrencySlot = "a concurrency slot";
    public const string RateWindow = "the rate limit window";
    public const string OpenCircuit = "the circuit breaker to close";
    public const string TrialCall = "the circuit breaker's trial call";

    /// <summary>Spreads waiting attempts so that they do not all come back in the same scheduler poll.</summary>
    public static TimeSpan Jitter(double leastSeconds, double spreadSeconds) =>
        TimeSpan.FromSeconds(leastSeconds + spreadSeconds * Random.Shared.NextDouble());
}
