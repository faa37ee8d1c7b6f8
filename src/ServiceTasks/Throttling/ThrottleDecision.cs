
namespace ServiceTasks.Throttling;

/// <summary>What an admitted attempt holds until it ends: a concurrency slot, the breaker's trial, or (unlimited) nothing.</summary>
internal sealed record ThrottleAdmission(ServiceConfiguration? Service, string Holder, bool HoldsSlot)
{
    public static readonly ThrottleAdmission Unlimited = new(null, "", false);

    public bool MustRelease => HoldsSlot || Service?.CircuitBreaker is not null;
}

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

internal sealed record ThrottleDecision(ThrottleAdmission? Admission, ThrottleDeferral? Deferral);
