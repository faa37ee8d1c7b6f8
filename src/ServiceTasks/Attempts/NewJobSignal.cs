using Microsoft.Extensions.Options;

namespace ServiceTasks.Attempts;

/// <summary>
/// How a queued job reaches an idle worker of this process: <see cref="NewJobListener"/> counts one permit per new-job
/// notification, and each permit lets exactly one waiting worker look at the queue (<see cref="SignalledJobQueue"/>).
/// Hangfire.PostgreSql's own long polling instead opens a LISTEN connection per fetching worker and wakes every idle
/// worker for every job, so twenty idle workers ran twenty fetches and twenty LISTENs for each job one of them won.
/// Permits are capped at the worker count: permits left over while every worker was busy cost at most one empty look
/// each, and the queue poll stays the fallback for a notification that never arrives.
/// </summary>
internal sealed class NewJobSignal(IOptions<HangfireSettings> settings)
{
    /// <summary>Hangfire.PostgreSql's channel, so a process of either kind wakes the other's workers.</summary>
    public const string Channel = "new_job";

    private readonly SemaphoreSlim _permits = new(0, settings.Value.WorkerCount);

    public int Workers => settings.Value.WorkerCount;

    public void Release(int count = 1)
    {
        for (var i = 0; i < count && _permits.CurrentCount < Workers; i++)
        {
            try
            {
                _permits.Release();
            }
            catch (SemaphoreFullException)
            {
                return; // another thread took the last free place between the check and the release
            }
        }
    }

    /// <summary>Whether a permit came within <paramref name="timeout"/>; throws when the worker is told to stop.</summary>
    public bool Wait(TimeSpan timeout, CancellationToken cancellationToken) => _permits.Wait(timeout, cancellationToken);
}
