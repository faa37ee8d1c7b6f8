using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Attempts;

/// <summary>
/// "Requeue" in the Hangfire dashboard on the job of a FAILED task is that task's manual retry, as
/// <c>POST /api/service-tasks/{id}/retry</c> is: a fresh budget of max_retries + 1 attempts, under the same job.
/// Without it the job would run, find its task finished and end Succeeded, while the task stayed FAILED with no new
/// attempt. The task moves only if it is still FAILED and still owned by this job; a task retried through the API
/// since has a new job, and this one then ends without an attempt. The move is made while Hangfire applies the
/// Enqueued state, before its transaction commits: if the move fails, so does the requeue.
/// </summary>
internal sealed class DashboardRequeueFilter(IServiceScopeFactory scopes) : JobFilterAttribute, IApplyStateFilter
{
    private static readonly string[] FinishedStates = [FailedState.StateName, SucceededState.StateName, DeletedState.StateName];

    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        if (context.BackgroundJob.Job?.Type != typeof(ServiceTaskJob) || context.NewState is not EnqueuedState
            || !FinishedStates.Contains(context.OldStateName) || context.BackgroundJob.Job.Args[0] is not Guid taskId)
            return;

        var jobId = context.BackgroundJob.Id;
        using var scope = scopes.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().UseAllApps();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var retried = db.ServiceTasks.Where(t => t.Id == taskId && t.Status == ServiceTaskStatus.Failed && t.HangfireJobId == jobId)
            .ExecuteUpdate(s => s
                .SetProperty(t => t.Status, ServiceTaskStatus.Pending)
                .SetProperty(t => t.AttemptBudgetStart, t => t.Attempts)
                .SetProperty(t => t.ErrorMessage, (string?)null)
                .SetProperty(t => t.NextAttemptAt, (DateTimeOffset?)null)
                .SetProperty(t => t.CompletedAt, (DateTimeOffset?)null)
                .SetProperty(t => t.CallbackJobId, (string?)null));
        if (retried == 0) return;
        // A task that failed by running out of infrastructure tries starts those afresh too.
        context.Connection.SetJobParameter(jobId, InfrastructureFailures.TriesParameter, SerializationHelper.Serialize(0));
        scope.ServiceProvider.GetRequiredService<ILogger<DashboardRequeueFilter>>()
            .LogInformation("Task {TaskId} retried with a fresh budget: its job {JobId} was requeued from {State}", taskId, jobId, context.OldStateName);
    }

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
    }
}
