using System.Collections.Concurrent;
using System.Threading.Channels;
using Hangfire.States;

namespace ServiceTasks.Attempts;

/// <summary>
/// The timers that start a scheduled service-task job at its due time rather than at the schedule poll after it (up
/// to a poll interval late): the process that scheduled the retry or deferral holds one per job, in memory, and when it
/// fires hands the job to <see cref="DueJobWaker"/>, which enqueues it as the poll would. Hangfire's schedule poll stays
/// the fallback for whatever no timer wakes (its process stopped, or the due time was beyond <see cref="Horizon"/> or
/// past <see cref="Capacity"/>). docs/execution.md has the reasoning.
/// </summary>
internal sealed class RetryWakeUps(TimeProvider clock)
{
    /// <summary>Further ahead than this, a poll interval late is a small part of the wait: the poll is good enough.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromMinutes(5);

    /// <summary>Timers held at once; beyond it (a burst of retries of a failing downstream) the poll delivers the rest.</summary>
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, WakeUp> _pending = new();
    private readonly Channel<WakeUp> _due = Channel.CreateUnbounded<WakeUp>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>The jobs whose timer fired, in that order.</summary>
    public ChannelReader<WakeUp> Due => _due.Reader;

    /// <summary>Whether a timer is held for this job (for the tests).</summary>
    public bool IsPending(string jobId) => _pending.ContainsKey(jobId);

    /// <summary>
    /// For the retry filter, as the job's move to <paramref name="state"/> is applied: its transaction has not committed
    /// yet, so this only sets a timer. Firing at the due time, the whole delay after the commit began, finds the job
    /// Scheduled; if it does not (the move failed, or another moved it first), the waker moves nothing.
    /// </summary>
    public void Schedule(string jobId, ScheduledState state)
    {
        var delay = new DateTimeOffset(state.EnqueueAt, TimeSpan.Zero) - clock.GetUtcNow();
        if (delay > Horizon || (_pending.Count >= Capacity && !_pending.ContainsKey(jobId))) return;
        var wakeUp = new WakeUp(jobId, state.SerializeData()["EnqueueAt"]);
        wakeUp.Timer = clock.CreateTimer(_ => Fire(wakeUp), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _pending.AddOrUpdate(jobId, wakeUp, (_, earlier) => { earlier.Timer.Dispose(); return wakeUp; });
        wakeUp.Timer.Change(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>For the retry filter, as the job leaves the schedule here (the poll or anything else moved it first).</summary>
    public void Forget(string jobId)
    {
        if (_pending.TryRemove(jobId, out var wakeUp)) wakeUp.Timer.Dispose();
    }

    /// <summary>On shutdown: no timer fires any more; the schedule poll of any process starts these jobs.</summary>
    public void Stop()
    {
        _due.Writer.TryComplete();
        foreach (var jobId in _pending.Keys) Forget(jobId);
    }

    private void Fire(WakeUp wakeUp)
    {
        // Only the latest registration of a job fires; a replaced or forgotten one is no longer in the dictionary.
        if (!_pending.TryRemove(new KeyValuePair<string, WakeUp>(wakeUp.JobId, wakeUp))) return;
        wakeUp.Timer.Dispose();
        _due.Writer.TryWrite(wakeUp);
    }

    /// <summary>A job to wake, and the due time of the schedule it was in (Hangfire's serialized <c>EnqueueAt</c>).</summary>
    internal sealed class WakeUp(string jobId, string? enqueueAt)
    {
        public string JobId { get; } = jobId;
        public string? EnqueueAt { get; } = enqueueAt;
        public ITimer Timer { get; set; } = null!;
    }
}
