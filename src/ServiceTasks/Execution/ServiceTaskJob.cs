using System.ComponentModel;
using System.Text.Json.Nodes;
using Hangfire.Server;
using ServiceTasks.Monitoring;
using ServiceTasks.Tasks;

namespace ServiceTasks.Execution;

/// <summary>
/// One Hangfire job per task, run once per attempt: a failed attempt throws, and <see cref="ServiceTaskRetryFilter"/>
/// reschedules this same job per the task's policy, so Hangfire's own retry machinery carries the retries.
/// </summary>
public sealed class ServiceTaskJob(TaskTransitions transitions, ServiceInvoker invoker, ILogger<ServiceTaskJob> logger)
{
    [DisplayName("Service task {0}")]
    public async Task RunAsync(Guid taskId, PerformContext? context, CancellationToken cancellationToken)
    {
        var jobId = context?.BackgroundJob.Id ?? throw new InvalidOperationException("Runs only as a Hangfire job.");
        var start = await transitions.StartAttemptAsync(taskId, jobId, ignorePause: false);
        if (start.Paused)
        {
            // Parked while the cluster is paused, unless an operator asked to process what waits, once.
            if (context.GetJobParameter<bool>(ClusterPause.ProcessOnceParameter) != true)
                throw new AttemptDeferredException(ClusterPause.ParkReason, ClusterPause.ParkDelay);
            context.SetJobParameter(ClusterPause.ProcessOnceParameter, false);
            start = await transitions.StartAttemptAsync(taskId, jobId, ignorePause: true);
        }
        if (start.Attempt is not { } attempt) return; // cancelled, finished, or owned by another job

        var task = attempt.Task;
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["TaskId"] = task.Id, ["AppUuid"] = task.AppUuid, ["ServiceName"] = attempt.Service.ServiceName,
        });
        var input = task.InputData is null ? null : JsonNode.Parse(task.InputData.RootElement.GetRawText());
        var result = await invoker.RunAsync(new AttemptRequest(task.Id, attempt.AttemptIndex, attempt.Service, input), cancellationToken);
        logger.LogInformation("Attempt {Attempt} of task {TaskId}: {Status} in {Ms} ms", attempt.AttemptIndex, task.Id, result.Status, result.ExecutionTimeMs);
        ServiceTaskMetrics.AttemptFinished(attempt.Service.ServiceType, result.Status, result.ExecutionTimeMs);

        if (result.Succeeded) await transitions.SucceedAsync(attempt, jobId, result);
        else throw new AttemptFailedException(task.Id, result);
    }
}
