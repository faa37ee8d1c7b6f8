namespace ServiceTasks.Throttling;

/// <summary>What an admitted attempt holds until it ends: a concurrency slot, the breaker's trial, or (unlimited) nothing.</summary>
internal sealed record ThrottleAdmission(ServiceConfiguration? Service, string Holder, bool HoldsSlot)
{
    public static readonly ThrottleAdmission Unlimited = new(null, "", false);

    public bool MustRelease => HoldsSlot || Service?.CircuitBreaker is not null;
}
