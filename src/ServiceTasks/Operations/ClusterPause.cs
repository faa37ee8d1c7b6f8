using System.Transactions;
using Hangfire;
using Hangfire.States;

namespace ServiceTasks.Operations;

/// <summary>
/// Hangfire has no pause, so this is ours: a flag in Hangfire's own storage. While it is set, a new attempt job is
/// created parked (scheduled far ahead, listed in a set) and a worker that finds the flag parks the job it fetched;
/// <see cref="ParkedJobs"/> enqueues the parked jobs again. Tasks stay PENDING throughout, and RUNNING attempts finish.
/// </summary>
internal sealed class ClusterPause(JobStorage storage, TimeProvider clock)
{
    public const string ParkedSet = "servicetasks:parked";
    public const string ParkReason = "Paused: processing is stopped cluster-wide";
    public const string ProcessOnceParameter = "ProcessOnce";
    public static readonly TimeSpan ParkDelay = TimeSpan.FromDays(365);

    /// <summary>How old this process's view of the flag may be when it creates a job (docs/execution.md, "Pause").</summary>
    public static readonly TimeSpan ViewLifetime = TimeSpan.FromSeconds(1);

    private const string Hash = "servicetasks:control";
    private readonly Lock _viewLock = new();
    private View? _view;

    private sealed record View(bool Paused, long ReadAt);

    /// <summary>
    /// The task rows, none while paused: an attempt reads its task and the flag in one round trip. It reads the flag
    /// where <see cref="SetPaused"/> writes it, Hangfire.PostgreSql's hash table (columns key, field, value).
    /// </summary>
    public const string TasksUnlessPausedSql =
        $"""
        SELECT * FROM service_tasks WHERE NOT EXISTS (
            SELECT 1 FROM {HangfireExtensions.Schema}.hash WHERE key = '{Hash}' AND field = 'paused' AND value = 'true')
        """;

    /// <summary>The flag as stored now.</summary>
    public bool IsPaused()
    {
        var readAt = clock.GetTimestamp();
        // Never part of the caller's transaction (an enqueue's): a second connection in it would need a distributed one.
        using var outside = new TransactionScope(TransactionScopeOption.Suppress);
        using var connection = storage.GetConnection();
        return Remember(connection.GetAllEntriesFromHash(Hash)?.GetValueOrDefault("paused") == "true", readAt);
    }

    public void Pause() => SetPaused(true);

    /// <summary>Clears the flag; <see cref="ParkedJobs.ResumeAsync"/> then enqueues what was parked.</summary>
    public void Resume() => SetPaused(false);

    /// <summary>
    /// The state a new attempt job starts in: parked while the cluster is paused, so no worker fetches it only to
    /// park it. The flag is read at most once per <see cref="ViewLifetime"/> per process, so the enqueue pays no
    /// statement for it. A stale view is safe either way: a job enqueued just after a pause is parked by the worker
    /// that fetches it, and one parked just after a resume is enqueued by the resume's second pass or the sweep.
    /// </summary>
    public IState NewAttemptState() => PausedAsSeenHere()
        ? new ScheduledState(ParkDelay) { Reason = ParkReason }
        : new EnqueuedState();

    private bool PausedAsSeenHere()
    {
        var view = Volatile.Read(ref _view);
        return view is not null && clock.GetElapsedTime(view.ReadAt) < ViewLifetime ? view.Paused : IsPaused();
    }

    /// <summary>Keeps the newest view: a read that started before a pause or resume of this process's never replaces it.</summary>
    private bool Remember(bool paused, long readAt)
    {
        lock (_viewLock)
        {
            if (_view is null || _view.ReadAt <= readAt) Volatile.Write(ref _view, new View(paused, readAt));
        }
        return paused;
    }

    private void SetPaused(bool paused)
    {
        using var connection = storage.GetConnection();
        connection.SetRangeInHash(Hash, [new("paused", paused ? "true" : "false")]);
        Remember(paused, clock.GetTimestamp());
    }
}
