namespace ServiceTasks.Throttling;

internal static class CircuitStates
{
    public const string Closed = "CLOSED";
    public const string Open = "OPEN";
    public const string HalfOpen = "HALF_OPEN";
}
