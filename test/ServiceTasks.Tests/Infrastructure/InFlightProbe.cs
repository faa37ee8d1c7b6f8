using System.Collections.Concurrent;

namespace ServiceTasks.Tests.Infrastructure;

/// <summary>
/// A slow handler for a <see cref="LoopbackServer"/> path that measures, at the server, how many requests are in
/// flight at once and when each one arrived. It blocks its thread for the hold time, so the count is exact.
/// </summary>
internal sealed class InFlightProbe(TimeSpan hold, Func<int, LoopbackResponse>? respond = null)
{
    private readonly ConcurrentQueue<DateTime> _arrivals = new();
    private int _inFlight;
    private int _max;

    public int MaxInFlight => Volatile.Read(ref _max);
    public IReadOnlyList<DateTime> Arrivals => _arrivals.OrderBy(t => t).ToArray();

    public LoopbackResponse Handle(LoopbackRequest request, int call)
    {
        _arrivals.Enqueue(DateTime.UtcNow);
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, seen) != seen) { }
        try
        {
            Thread.Sleep(hold);
            return respond?.Invoke(call) ?? LoopbackResponse.Json(new { ok = true, call });
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>The most arrivals within any span of <paramref name="window"/>.</summary>
    public int MostArrivalsWithin(TimeSpan window)
    {
        var times = Arrivals;
        var most = 0;
        for (int first = 0, last = 0; last < times.Count; last++)
        {
            while (times[last] - times[first] >= window) first++;
            most = Math.Max(most, last - first + 1);
        }
        return most;
    }
}
