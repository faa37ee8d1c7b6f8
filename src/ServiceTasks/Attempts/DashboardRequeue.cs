using Hangfire;
using Hangfire.Server;
using Hangfire.States;

namespace ServiceTasks.Attempts;

/// <summary>
/// "Requeue" in the Hangfire dashboard on the job of a FAILED task is that task's manual retry, as
/// <c>POST /api/service-tasks/{id}/retry</c> is: a fresh budget of max_retries + 1 attempts, under the same job.
/// Without it the job would run, find its task finished and end Succeeded, while the task stayed FAILED with no new
/// attempt. The job makes the move itself when it runs (the state change writes nothing of ours), and only when its
/// history shows a requeue of a finished job: a dead worker's run taken over after the task failed retries nothing.
/// </summary>
internal sealed class DashboardRequeue(AppDbContext db, JobStorage storage, ILogger<DashboardRequeue> logger)
{
    private static readonly string[] FinishedStates = [FailedState.StateName, SucceededState.StateName, DeletedState.StateName];

    /// <summary>True when the task, FAILED and owned by this job, was reset to a fresh budget because of a requeue.</summary>
    public async Task<bool> RetryIfRequeuedAsync(Guid taskId, PerformContext context)
    {
        var jobId = context.BackgroundJob.Id;
        if (!WasRequeuedAfterFinishing(jobId)) return false;
        if (!await TaskClaims.RetryFailedAsync(db, taskId, jobId)) return false;
        // A task that failed by running out of infrastructure tries starts those afresh too.
        InfrastructureFailures.ResetCount(context);
        logger.LogInformation("Task {TaskId} retried with a fresh budget: its job {JobId} was requeued after it had finished", taskId, jobId);
        return true;
    }

    private bool WasRequeuedAfterFinishing(string jobId)
    {
        // Newest first: this run's Processing (more than one when a dead worker's run was taken over), the requeue's
        // Enqueued, then the state the job had finished in.
        var states = storage.GetMonitoringApi().JobDetails(jobId)?.History.Select(h => h.StateName)
            .SkipWhile(s => s == ProcessingState.StateName).Take(2).ToList();
        return states is [var requeued, var left] && requeued == EnqueuedState.StateName && FinishedStates.Contains(left);
    }
}
