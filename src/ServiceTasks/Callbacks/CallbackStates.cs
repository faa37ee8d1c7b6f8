using Hangfire;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Callbacks;

/// <summary>
/// Where a task's completion callback stands, read from its delivery attempts for the current outcome and, once one
/// failed, from its job: still retrying (failing) or stopped for good (given_up).
/// </summary>
internal static class CallbackStates
{
    public const string None = "none", Waiting = "waiting", Scheduled = "scheduled";
    public const string Delivered = "delivered", Failing = "failing", GivenUp = "given_up";

    /// <summary>The state and, while failing or given up, the last error, for each task that has a callback job.</summary>
    public static async Task<Dictionary<Guid, (string State, string? Error)>> OfAsync(
        AppDbContext db, JobStorage storage, IReadOnlyCollection<ServiceTask> tasks, CancellationToken ct = default)
    {
        var owned = tasks.Where(t => t.CallbackJobId is not (null or CompletionCallbacks.NoCallback) && t.CompletedAt is not null).ToList();
        if (owned.Count == 0) return [];
        var ids = owned.Select(t => t.Id).ToList();
        var earliest = owned.Min(t => t.CompletedAt!.Value);
        var deliveries = await db.CallbackDeliveries.AsNoTracking()
            .Where(d => ids.Contains(d.ServiceTaskId) && d.CreatedAt >= earliest)
            .Select(d => new { d.ServiceTaskId, d.Id, d.Succeeded, d.Error, d.CreatedAt })
            .ToListAsync(ct);

        var states = new Dictionary<Guid, (string, string?)>();
        // Hangfire's storage is asked only about a failed delivery, so a page of delivered callbacks costs no connection.
        IStorageConnection? connection = null;
        try
        {
            foreach (var task in owned)
            {
                // Only the attempts of the outcome the task shows now: a manual retry starts a new sequence.
                var last = deliveries.Where(d => d.ServiceTaskId == task.Id && d.CreatedAt >= task.CompletedAt).MaxBy(d => d.Id);
                states[task.Id] = last switch
                {
                    null => (Scheduled, null),
                    { Succeeded: true } => (Delivered, null),
                    _ => (Stopped((connection ??= storage.GetConnection()).GetStateData(task.CallbackJobId!)?.Name) ? GivenUp : Failing,
                        last.Error),
                };
            }
        }
        finally
        {
            connection?.Dispose();
        }
        return states;
    }

    // A job that failed for good, was deleted or is gone from storage schedules no further attempt.
    private static bool Stopped(string? jobState) => jobState is null || jobState == FailedState.StateName || jobState == DeletedState.StateName;

    /// <summary>The state of a task without a delivery to look at: none, waiting (not terminal yet) or scheduled.</summary>
    public static string Plain(ServiceTask t) => t.CallbackJobId switch
    {
        CompletionCallbacks.NoCallback => None,
        null when !ServiceTaskStatus.IsTerminal(t.Status) => Waiting,
        _ => Scheduled, // a finished task's delivery job is enqueued just after its move commits
    };
}
