using System.ComponentModel;
using System.Text.Json.Nodes;
using Hangfire.Server;

namespace ServiceTasks.Attempts;

/// <summary>
/// The task's Hangfire job (a manual retry or the sweep's repair gives it a fresh one), run once per attempt and once
/// per deferral. The job records every outcome itself; a failed attempt then throws the decision (retry after a
/// delay, or finished), and <see cref="ServiceTaskRetryFilter"/> reschedules this same job accordingly, so Hangfire's
/// own retry machinery carries the retries. A run that breaks for another reason is counted by
/// <see cref="InfrastructureFailures"/>, which fails the task after a bounded number of tries. A throttled attempt is
/// deferred before it starts, so it counts nothing and holds no worker while it waits.
/// </summary>
internal sealed class ServiceTaskJob(
    AttemptStart start, AttemptOutcomes outcomes, ServiceInvoker invoker, ServiceThrottle throttle, InfrastructureFailures broken,
    DashboardRequeue requeue, ILogger<ServiceTaskJob> logger)
{
    /// <summary>What the job last waited for, so a deadline that passes meanwhile names it.</summary>
    public const string WaitingForParameter = "WaitingFor";

    private static readonly TimeSpan EarlyStartWait = TimeSpan.FromSeconds(2);

    [DisplayName("Service task {0}")]
    public async Task RunAsync(Guid taskId, PerformContext? context, CancellationToken cancellationToken)
    {
        if (context is null) throw new InvalidOperationException("Runs only as a Hangfire job.");
        try
        {
            await RunOnceAsync(taskId, context, cancellationToken);
        }
        catch (Exception e) when (e is not (AttemptFailedException or AttemptDeferredException) && !cancellationToken.IsCancellationRequested)
        {
            throw await broken.HandleAsync(taskId, context, e);
        }
    }

    private async Task RunOnceAsync(Guid taskId, PerformContext context, CancellationToken cancellationToken)
    {
        await using var held = await start.HoldConnectionAsync();
        await RunOnceAsync(taskId, context, held, cancellationToken);
    }

    private async Task RunOnceAsync(Guid taskId, PerformContext context, HeldConnection held, CancellationToken cancellationToken)
    {
        var jobId = context.BackgroundJob.Id;
        Func<string?> waitingFor = () => context.GetJobParameter<string>(WaitingForParameter, allowStale: true);
        var (prepared, paused) = await start.PrepareAttemptAsync(taskId, jobId, waitingFor, unlessPaused: true,
            () => requeue.RetryIfRequeuedAsync(taskId, context));
        if (paused)
        {
            // Parked while the cluster is paused, unless an operator asked to process what waits, once.
            if (context.GetJobParameter<bool>(ClusterPause.ProcessOnceParameter) != true)
                throw Deferred(null, DeferralReasons.Paused, ClusterPause.ParkReason, ClusterPause.ParkDelay);
            context.SetJobParameter(ClusterPause.ProcessOnceParameter, false);
            prepared = (await start.PrepareAttemptAsync(taskId, jobId, waitingFor, unlessPaused: false)).Attempt;
        }
        if (prepared is null) return; // cancelled, finished, or owned by another job
        // Hangfire keeps schedules in whole seconds, so a retry can be enqueued up to a second before it is due;
        // it waits out the rest here rather than start early (a longer wait goes back to the schedule).
        if (start.UntilDue(prepared.Task) is { Ticks: > 0 } early)
        {
            if (early > EarlyStartWait) throw Deferred(prepared.Task, DeferralReasons.NotDue, "Not due yet", early);
            await held.DisposeAsync();
            // The runtime's timers count a coarse clock and can fire a few milliseconds short: wait until it is due.
            for (; early.Ticks > 0; early = start.UntilDue(prepared.Task))
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(early.TotalMilliseconds) + 1), cancellationToken);
        }
        var admission = await AdmitAsync(prepared, context);
        if (admission is null) return;

        AttemptResult? result = null;
        try
        {
            var attempt = await start.StartAttemptAsync(prepared, jobId, context.ServerId);
            await held.DisposeAsync();
            if (attempt is null) return;
            var task = attempt.Task;
            // The attempt's span continues the enqueue request's trace; logging adds its TraceId and SpanId to the scope.
            using var span = TaskTracing.StartAttempt(task, attempt.Service.ServiceName, attempt.AttemptIndex);
            using var scope = logger.BeginScope(new Dictionary<string, object>
            {
                ["TaskId"] = task.Id, ["AppUuid"] = task.AppUuid, ["ServiceName"] = attempt.Service.ServiceName,
                ["Attempt"] = attempt.AttemptIndex + 1,
            });
            var input = task.InputData is null ? null : JsonNode.Parse(task.InputData.RootElement.GetRawText());
            result = await invoker.RunAsync(new AttemptRequest(task.Id, attempt.AttemptIndex, attempt.Service, input), cancellationToken);
            logger.LogInformation("Attempt {Attempt} of task {TaskId}: {Status} in {Ms} ms", attempt.AttemptIndex + 1, task.Id, result.Status, result.ExecutionTimeMs);
            ServiceTaskMetrics.AttemptFinished(attempt.Service, result.Status, result.ExecutionTimeMs);
            TaskTracing.RecordOutcome(span, result);
            await throttle.ReleaseAsync(admission, result);
            admission = ThrottleAdmission.Unlimited;

            if (result.Succeeded)
            {
                await outcomes.SucceedAsync(attempt, jobId, result);
                await broken.ResetAsync(context, task);
                return;
            }
            var retry = await outcomes.AfterFailedAttemptAsync(attempt, jobId, result);
            await broken.ResetAsync(context, task);
            if (retry is null) return; // the task was deleted meanwhile, or another run of it took over
            if (retry.Delay is { } delay) TaskTracing.RecordRetry(span, delay, retry.RetryNumber);
            throw new AttemptFailedException(result.ErrorMessage ?? "The attempt failed.", retry.Delay, retry.RetryNumber, retry.MaxRetries);
        }
        finally
        {
            await throttle.ReleaseAsync(admission, null);
        }
    }

    /// <summary>Admitted, or deferred (throws), or failed because its deadline passes while it waits (null).</summary>
    private async Task<ThrottleAdmission?> AdmitAsync(PreparedAttempt prepared, PerformContext context)
    {
        var jobId = context.BackgroundJob.Id;
        var decision = await throttle.AdmitAsync(prepared.Service, jobId);
        if (decision.Deferral is not { } wait)
        {
            if (decision.Admission!.Service is not null && context.GetJobParameter<string>(WaitingForParameter, allowStale: true) is not null)
                context.SetJobParameter(WaitingForParameter, null);
            return decision.Admission;
        }

        var (task, service) = prepared;
        if (start.TimeToDeadline(task, service) is { } left && left < wait.Delay)
        {
            if (left <= TimeSpan.Zero)
            {
                await start.FailUnstartedAsync(task.Id, jobId,
                    $"Deadline of {service.RetryPolicy.DeadlineSeconds} s passed while waiting for {wait.WaitingFor}.");
                return null;
            }
            wait = wait with { Delay = left }; // back at the deadline: admitted then, or failed naming the wait
        }
        context.SetJobParameter(WaitingForParameter, wait.WaitingFor);
        throw Deferred(task, DeferralReasons.Of(wait), $"Throttled: waiting for {wait.WaitingFor}", wait.Delay);
    }

    /// <summary>A run that waits instead of attempting: counted by reason, and a span of its wait in the task's trace.</summary>
    private static AttemptDeferredException Deferred(ServiceTask? task, string reason, string message, TimeSpan delay)
    {
        ServiceTaskMetrics.Deferred(reason);
        TaskTracing.RecordDeferral(task, reason, delay);
        return new AttemptDeferredException(message, delay);
    }
}
