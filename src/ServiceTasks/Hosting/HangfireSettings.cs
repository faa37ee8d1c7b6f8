using System.ComponentModel.DataAnnotations;

namespace ServiceTasks.Hosting;

/// <summary>Hangfire's storage and server settings (section <c>Hangfire</c>).</summary>
internal sealed class HangfireSettings
{
    public const string Section = "Hangfire";

    [Range(1, 500)]
    public int WorkerCount { get; set; } = 20;

    /// <summary>
    /// Comma-separated queue names this process's server listens to for attempts (and anything else on them); the
    /// product's own queues, callbacks and the sweep, come first whatever this says (see <see cref="QueueList"/>).
    /// </summary>
    [Required]
    public string Queues { get; set; } = "default";

    /// <summary>How often a server looks for due retries and scheduled jobs; a due retry should start within about a second.</summary>
    [Range(100, 60_000)]
    public int SchedulePollingIntervalMs { get; set; } = 1000;

    /// <summary>A fallback poll of the queue; a new job's NOTIFY normally wakes one idle worker at once.</summary>
    [Range(50, 60_000)]
    public int QueuePollIntervalMs { get; set; } = 1000;

    /// <summary>
    /// Enqueuers NOTIFY and each worker process LISTENs on one connection (<c>Attempts/SignalledJobQueue</c>); off,
    /// workers find new jobs only by the queue poll.
    /// </summary>
    public bool EnableLongPolling { get; set; } = true;

    /// <summary>With the sliding timeout, a job fetched by a process that died is visible again after this.</summary>
    [Range(10, 86_400)]
    public int InvisibilityTimeoutSeconds { get; set; } = 60;

    /// <summary>
    /// When Hangfire takes a lock row (a job's state change, the schedule poller, recurring jobs) over from a holder
    /// that never released it: a process killed mid-state-change, or a release lost to a database outage. Until then
    /// that job cannot change state at all; Hangfire.PostgreSql's default is 10 minutes. Locks are held for
    /// milliseconds, so a short value takes nothing from a live holder.
    /// </summary>
    [Range(5, 3600)]
    public int DistributedLockTimeoutSeconds { get; set; } = 30;

    /// <summary>How long a stopping worker lets running attempts finish before cancelling them (they then go back to the queue).</summary>
    [Range(0, 300)]
    public int StopTimeoutSeconds { get; set; } = 20;

    /// <summary>
    /// What the server listens to: the callbacks' queue and the sweep's, then the configured ones. Hangfire.PostgreSql
    /// takes waiting jobs by queue name (ordinal), not by this order, which is why both names sort before "default".
    /// </summary>
    public string[] QueueList =>
    [
        CallbackJob.Queue, OutboxSweepJob.Queue,
        .. Queues.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(q => q is not (CallbackJob.Queue or OutboxSweepJob.Queue)),
    ];
}
