using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace ServiceTasks.Attempts;

/// <summary>
/// The one way a task reaches COMPLETED, FAILED or CANCELLED from an attempt job: a conditional update that names the
/// job owning the task, so a duplicate or late job cannot finish a task it does not own. It joins the caller's
/// transaction when there is one (the log row and the move commit together); the callback starts after the commit.
/// </summary>
internal sealed class TerminalMoves(AppDbContext db, CompletionCallbacks callbacks, TimeProvider clock)
{
    // Any callback_job_id still set belongs to an earlier outcome's sequence (a manual retry came between): the new
    // outcome starts its own, whatever that one is doing.
    private const string TerminalMoveSql =
        $$"""
        UPDATE service_tasks AS t
        SET status = {0}, output_data = {1}, error_message = {2}, next_attempt_at = NULL, completed_at = {3},
            callback_job_id = {{CompletionCallbacks.SettledCallbackSql}}
        WHERE t.id = {4} AND t.hangfire_job_id = {5} AND t.status IN ('{{ServiceTaskStatus.Pending}}', '{{ServiceTaskStatus.Running}}')
        RETURNING {{CompletionCallbacks.UnsettledOutcomeSql}} AS "Value"
        """;

    /// <summary>
    /// Moves a task that ends without an attempt (outside any transaction) and starts its callback; an attempt a stopped
    /// run left RUNNING is closed as INTERRUPTED by the same statement.
    /// </summary>
    public async Task FinishAsync(Guid taskId, string jobId, string status, JsonDocument? output, string? error) =>
        await StartCallbackAsync(taskId, await MoveAsync(taskId, jobId, status, output, error, closeStopped: true));

    /// <summary>
    /// Null when the task was not this job's to move; the same statement settles a callback with no target, and
    /// otherwise answers the outcome (its completed_at) whose callback sequence must start. With <paramref name="finish"/>
    /// the same statement also finishes the attempt's log row (<see cref="AttemptLogSql.FinishCte"/>).
    /// </summary>
    public async Task<TerminalMove?> MoveAsync(Guid taskId, string jobId, string status, JsonDocument? output, string? error,
        (long LogId, AttemptResult Result)? finish = null, bool closeStopped = false)
    {
        var now = clock.GetUtcNow();
        object[] parameters =
        [
            status,
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = (object?)output?.RootElement.GetRawText() ?? DBNull.Value },
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)error ?? DBNull.Value },
            now, taskId, jobId,
        ];
        var sql = TerminalMoveSql;
        if (finish is var (logId, result))
        {
            sql = $"WITH {AttemptLogSql.FinishCte(parameters.Length)}\n{sql}";
            parameters = [.. parameters, .. AttemptLogSql.FinishParameters(logId, result, now)];
        }
        else if (closeStopped) sql = $"WITH {AttemptLogSql.CloseStoppedCte}\n{sql}";
        var moved = await db.Database.SqlQueryRaw<DateTimeOffset?>(sql, parameters).ToListAsync();
        return moved is [var callbackFor] ? new TerminalMove(callbackFor) : null;
    }

    /// <summary>Once the move has committed: the callback sequence of its outcome, if it has one to deliver.</summary>
    public async Task StartCallbackAsync(Guid taskId, TerminalMove? moved)
    {
        if (moved?.CallbackFor is { } completedAt) await callbacks.EnqueueAsync(taskId, completedAt);
    }
}
