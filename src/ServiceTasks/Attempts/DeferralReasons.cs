namespace ServiceTasks.Attempts;

/// <summary>Why a run waited instead of attempting: the label of the deferral counter and of the wait's span.</summary>
internal static class DeferralReasons
{
    public const string Paused = "paused";
    public const string NotDue = "not_due";
    public const string Concurrency = "concurrency";
    public const string RateLimit = "rate_limit";
    public const string CircuitOpen = "circuit_open";

    public static readonly string[] All = [Paused, NotDue, Concurrency, RateLimit, CircuitOpen];

    public static string Of(ThrottleDeferral wait) => wait.WaitingFor switch
    {
        ThrottleDeferral.ConcurrencySlot => Concurrency,
        ThrottleDeferral.RateWindow => RateLimit,
        _ => CircuitOpen, // the open circuit, or its trial call held by another attempt
    };
}
