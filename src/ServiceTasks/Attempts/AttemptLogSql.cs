using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;

namespace ServiceTasks.Attempts;

/// <summary>
/// The attempt's log row rides on the statements that move its task, so it costs no round trip of its own
/// (docs/execution.md): the start opens it RUNNING, and closes as INTERRUPTED any row a stopped run left RUNNING
/// (uncharged: the budget's start moves by one); the outcome finishes it in the statement that moves the task.
/// </summary>
internal static class AttemptLogSql
{
    public const string InterruptedMessage =
        "Interrupted: the run of this attempt stopped before its outcome was recorded (its worker was killed or shut down); " +
        "the attempt was run again and is not counted against the retry budget.";

    private const string Live = $"('{ServiceTaskStatus.Pending}', '{ServiceTaskStatus.Running}')";

    /// <summary>{0} task id, {1} job id, {2} now, {3} service name, {4} server id. One row per interrupted row found (at least one when started).</summary>
    public const string StartSql =
        $"""
        WITH interrupted AS (
            UPDATE service_execution_logs AS l
            SET status = '{ExecutionStatus.Interrupted}', finished_at = {"{2}"}, error_message = '{InterruptedMessage}'
            WHERE l.service_task_id = {"{0}"} AND l.status = '{ExecutionStatus.Running}'
              AND EXISTS (SELECT 1 FROM service_tasks AS t WHERE t.id = {"{0}"} AND t.hangfire_job_id = {"{1}"} AND t.status IN {Live})
            RETURNING l.retry_attempt, l.server_id, l.created_at
        ), started AS (
            UPDATE service_tasks AS t
            SET status = '{ServiceTaskStatus.Running}', attempts = t.attempts + 1, started_at = coalesce(t.started_at, {"{2}"}),
                next_attempt_at = NULL, attempt_budget_start = t.attempt_budget_start + (SELECT count(*) FROM interrupted)::int
            WHERE t.id = {"{0}"} AND t.hangfire_job_id = {"{1}"} AND t.status IN {Live}
            RETURNING t.id, t.app_uuid, t.service_config_id, t.instance_id, t.attempts, t.attempt_budget_start, t.trace_parent
        ), opened AS (
            INSERT INTO service_execution_logs (app_uuid, service_task_id, service_config_id, service_name, instance_id, status,
                response_truncated, execution_time_ms, retry_attempt, created_at, server_id, trace_id)
            SELECT s.app_uuid, s.id, s.service_config_id, {"{3}"}, s.instance_id, '{ExecutionStatus.Running}', false, 0, s.attempts - 1, {"{2}"}, {"{4}"}, substring(s.trace_parent from 4 for 32)
            FROM started AS s
            RETURNING id
        )
        SELECT o.id AS log_id, s.attempts, s.attempt_budget_start,
               i.retry_attempt AS interrupted_attempt, i.server_id AS interrupted_server, i.created_at AS interrupted_started_at
        FROM opened AS o CROSS JOIN started AS s LEFT JOIN interrupted AS i ON true
        """;

    public const string StoppedMessage =
        "Interrupted: the run of this attempt stopped before its outcome was recorded (its worker was killed or shut down); " +
        "the task then ended without running it again.";

    /// <summary>
    /// A CTE for a move that ends the task without an attempt (deadline passed, version gone): a row a stopped run left
    /// RUNNING is closed as INTERRUPTED in the same statement. Parameters as the move's: {3} now, {4} task id, {5} job id.
    /// </summary>
    public const string CloseStoppedCte =
        $"""
        closed AS (
            UPDATE service_execution_logs AS l
            SET status = '{ExecutionStatus.Interrupted}', finished_at = {"{3}"}, error_message = '{StoppedMessage}'
            WHERE l.service_task_id = {"{4}"} AND l.status = '{ExecutionStatus.Running}'
              AND EXISTS (SELECT 1 FROM service_tasks AS t WHERE t.id = {"{4}"} AND t.hangfire_job_id = {"{5}"} AND t.status IN {Live})
        )
        """;

    /// <summary>
    /// A CTE that finishes the row with the outcome; the parameters from {first}: log id, status, request, response,
    /// truncated, error, execution ms, HTTP status, now. A row closed as INTERRUPTED meanwhile (its run was only slow)
    /// takes the real outcome.
    /// </summary>
    public static string FinishCte(int first) =>
        $"""
        finished AS (
            UPDATE service_execution_logs
            SET status = {P(first + 1)}, request_data = {P(first + 2)}, response_data = {P(first + 3)}, response_truncated = {P(first + 4)},
                error_message = {P(first + 5)}, execution_time_ms = {P(first + 6)}, http_status_code = {P(first + 7)}, finished_at = {P(first + 8)}
            WHERE id = {P(first)} AND status IN ('{ExecutionStatus.Running}', '{ExecutionStatus.Interrupted}')
        )
        """;

    /// <summary>The parameters of <see cref="FinishCte"/>, in its order.</summary>
    public static NpgsqlParameter[] FinishParameters(long logId, AttemptResult result, DateTimeOffset now) =>
    [
        new() { NpgsqlDbType = NpgsqlDbType.Bigint, Value = logId },
        new() { NpgsqlDbType = NpgsqlDbType.Text, Value = result.Status },
        Json(result.RequestData),
        Json(result.ResponseData),
        new() { NpgsqlDbType = NpgsqlDbType.Boolean, Value = result.ResponseTruncated },
        new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)result.ErrorMessage ?? DBNull.Value },
        new() { NpgsqlDbType = NpgsqlDbType.Integer, Value = result.ExecutionTimeMs },
        new() { NpgsqlDbType = NpgsqlDbType.Integer, Value = (object?)result.HttpStatusCode ?? DBNull.Value },
        new() { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = now },
    ];

    private static NpgsqlParameter Json(JsonNode? node) =>
        new() { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = (object?)node?.ToJsonString() ?? DBNull.Value };

    private static string P(int index) => "{" + index + "}";
}
