using System.Data.Common;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Hangfire.Server;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ServiceTasks.Attempts;

/// <summary>
/// Decides what happens to a job whose run broke for a reason other than the service's answer: a database that is
/// unreachable or restarting is waited out (nothing can be recorded meanwhile); anything else counts as a try, and after
/// <see cref="ExecutionOptions.InfrastructureRetryLimit"/> tries in a row the task fails naming the cause, so a
/// broken attempt can no longer call the downstream service every few seconds for ever.
/// </summary>
internal sealed partial class InfrastructureFailures(AttemptOutcomes outcomes, IOptions<ExecutionOptions> options, ILogger<InfrastructureFailures> logger)
{
    /// <summary>The tries in a row that broke, kept on the job (Hangfire's own storage) across its reschedules.</summary>
    public const string TriesParameter = "InfrastructureTries";

    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>What the job throws for <paramref name="error"/>: its decision for the retry filter.</summary>
    public async Task<InfrastructureFailureException> HandleAsync(Guid taskId, PerformContext context, Exception error)
    {
        var cause = Describe(error);
        var limit = options.Value.InfrastructureRetryLimit;
        if (IsTransientDatabaseError(error))
        {
            logger.LogWarning("Task {TaskId}: the database is unavailable, trying again in {Delay} s: {Cause}", taskId, RetryDelay.TotalSeconds, cause);
            return new InfrastructureFailureException(cause, 0, limit, RetryDelay);
        }

        var tries = context.GetJobParameter<int>(TriesParameter, allowStale: true) + 1;
        if (tries < limit)
        {
            await MarkAsync(taskId);
            context.SetJobParameter(TriesParameter, tries);
            ServiceTaskMetrics.InfrastructureFailure(gaveUp: false);
            logger.LogWarning("Task {TaskId}: try {Try} of {Limit} broke for a reason other than the service's answer, trying again in {Delay} s: {Cause}",
                taskId, tries, limit, RetryDelay.TotalSeconds, cause);
            return new InfrastructureFailureException(cause, tries, limit, RetryDelay);
        }

        var message = $"Failed after {tries} tries in a row that broke for a reason other than the service's answer; last: {cause}";
        if (await outcomes.FailBrokenAsync(taskId, context.BackgroundJob.Id, message))
        {
            ServiceTaskMetrics.InfrastructureFailure(gaveUp: true);
            logger.LogError("Task {TaskId} FAILED: {Tries} tries in a row broke for a reason other than the service's answer; last: {Cause}",
                taskId, tries, cause);
        }
        return new InfrastructureFailureException(message, tries, limit, null);
    }

    /// <summary>
    /// A normal outcome was recorded: the count of broken tries starts again. Only a task marked by a broken try can
    /// have a count to reset, and the mark was read with the task, so a run that never broke reads no job parameter.
    /// </summary>
    public async Task ResetAsync(PerformContext context, ServiceTask task)
    {
        if (!task.HasInfrastructureTries) return;
        ResetCount(context);
        await outcomes.SetInfrastructureTriesMarkAsync(task.Id, false);
    }

    /// <summary>The job's count starts again (a requeue in the dashboard, which reads no task first).</summary>
    public static void ResetCount(PerformContext context)
    {
        if (context.GetJobParameter<int>(TriesParameter, allowStale: true) > 0) context.SetJobParameter(TriesParameter, 0);
    }

    /// <summary>
    /// The mark goes on the task before the count goes on the job, so a count above zero always has its mark. A task row
    /// that refuses the mark is no reason to stop counting: the count then is not reset by a later outcome, which can
    /// only end the tries sooner.
    /// </summary>
    private async Task MarkAsync(Guid taskId)
    {
        try
        {
            await outcomes.SetInfrastructureTriesMarkAsync(taskId, true);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            logger.LogWarning("Task {TaskId}: its broken try could not be marked on the task row: {Cause}", taskId, Describe(e));
        }
    }

    /// <summary>The innermost exception's type and message: no stack, no NUL, no query string of a URL.</summary>
    public static string Describe(Exception error)
    {
        var root = error.GetBaseException();
        var text = $"{root.GetType().Name}: {root.Message}";
        text = ResponseBody.WithoutNul(UrlQuery().Replace(text, "$1?***"));
        return text.Length <= 500 ? text : text[..500] + "…";
    }

    /// <summary>Unreachable, restarting, overloaded, or a deadlock: PostgreSQL itself says trying later will do.</summary>
    private static bool IsTransientDatabaseError(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
            if (e is NpgsqlException { IsTransient: true } or SocketException) return true;
        return false;
    }

    [GeneratedRegex(@"(https?://[^\s?#]+)\?[^\s#]*")]
    private static partial Regex UrlQuery();
}
