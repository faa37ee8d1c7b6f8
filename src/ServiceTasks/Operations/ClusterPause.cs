using Hangfire;
using Hangfire.States;

namespace ServiceTasks.Operations;

/// <summary>
/// Hangfire has no pause, so this is ours: a flag in Hangfire's own storage, read by every worker before an attempt.
/// While paused, an attempt job parks itself (scheduled far ahead, listed in a set); resuming enqueues the parked
/// jobs again. Tasks stay PENDING throughout, and RUNNING attempts finish.
/// </summary>
internal sealed class ClusterPause(JobStorage storage, IBackgroundJobClient jobs)
{
    public const string ParkedSet = "servicetasks:parked";
    public const string ParkReason = "Paused: processing is stopped cluster-wide";
    public const string ProcessOnceParameter = "ProcessOnce";
    public static readonly TimeSpan ParkDelay = TimeSpan.FromDays(365);
    private const string Hash = "servicetasks:control";

    /// <summary>
    /// The task rows, none while paused: an attempt reads its task and the flag in one round trip. It reads the flag
    /// where <see cref="SetPaused"/> writes it, Hangfire.PostgreSql's hash table (columns key, field, value).
    /// </summary>
    public const string TasksUnlessPausedSql =
        $"""
        SELECT * FROM service_tasks WHERE NOT EXISTS (
            SELECT 1 FROM {HangfireExtensions.Schema}.hash WHERE key = '{Hash}' AND field = 'paused' AND value = 'true')
        """;

    public bool IsPaused()
    {
        using var connection = storage.GetConnection();
        return connection.GetAllEntriesFromHash(Hash)?.GetValueOrDefault("paused") == "true";
    }

    public void Pause() => SetPaused(true);

    public int Resume()
    {
        SetPaused(false);
        return RequeueParked(processOnce: false);
    }

    /// <summary>Runs the tasks parked right now, once, and leaves the pause as it is.</summary>
    public int ProcessOnce() => RequeueParked(processOnce: true);

    /// <summary>Also called by the sweep: a job that parked just as the cluster resumed must not wait a year.</summary>
    public int RequeueParked(bool processOnce)
    {
        using var connection = storage.GetConnection();
        var count = 0;
        foreach (var jobId in connection.GetAllItemsFromSet(ParkedSet))
        {
            if (processOnce) connection.SetJobParameter(jobId, ProcessOnceParameter, "true");
            if (jobs.ChangeState(jobId, new EnqueuedState { Reason = "Processing resumed" }, ScheduledState.StateName)) count++;
        }
        return count;
    }

    private void SetPaused(bool paused)
    {
        using var connection = storage.GetConnection();
        connection.SetRangeInHash(Hash, [new("paused", paused ? "true" : "false")]);
    }
}
