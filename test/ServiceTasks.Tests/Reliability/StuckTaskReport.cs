using System.Text;
using Npgsql;

namespace ServiceTasks.Tests.Reliability;

/// <summary>
/// When a fault test times out, what the stuck tasks look like: their rows, the Hangfire jobs they name with each
/// job's state history and queue row, and their callback deliveries — enough to tell which repair path missed them.
/// </summary>
internal static class StuckTaskReport
{
    public static async Task<string> DescribeAsync(string superuserConnectionString, IReadOnlyCollection<Guid> taskIds, int limit = 5)
    {
        var report = new StringBuilder();
        await using var connection = new NpgsqlConnection(superuserConnectionString);
        await connection.OpenAsync();
        foreach (var id in taskIds.Take(limit))
        {
            report.AppendLine($"task {id}:");
            await AppendRowsAsync(connection, report, "  ", """
                SELECT status, attempts, hangfire_job_id, callback_job_id, created_at, started_at, completed_at, error_message
                FROM service_tasks WHERE id = @id
                """, id);
            await AppendRowsAsync(connection, report, "  delivery ", """
                SELECT delivery_id, attempt, status_code, succeeded, error, created_at FROM callback_deliveries
                WHERE service_task_id = @id ORDER BY created_at
                """, id);
            await AppendRowsAsync(connection, report, "  ", """
                SELECT j.id AS job, j.statename, j.createdat, j.expireat, q.fetchedat AS queue_fetchedat, q.queue
                FROM hangfire.job j LEFT JOIN hangfire.jobqueue q ON q.jobid = j.id
                WHERE j.id::text IN (SELECT hangfire_job_id FROM service_tasks WHERE id = @id
                                     UNION SELECT callback_job_id FROM service_tasks WHERE id = @id)
                   OR j.arguments::text LIKE '%' || @id::text || '%'
                ORDER BY j.id
                """, id);
            await AppendRowsAsync(connection, report, "    state ", """
                SELECT s.jobid, s.name, s.reason, s.createdat FROM hangfire.state s JOIN hangfire.job j ON j.id = s.jobid
                WHERE j.arguments::text LIKE '%' || @id::text || '%' ORDER BY s.id
                """, id);
        }
        await AppendRowsAsync(connection, report, "lock ", "SELECT resource, acquired FROM hangfire.lock WHERE @id IS NOT NULL", Guid.Empty);
        return report.ToString();
    }

    private static async Task AppendRowsAsync(NpgsqlConnection connection, StringBuilder report, string prefix, string sql, Guid id)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var values = Enumerable.Range(0, reader.FieldCount)
                .Select(i => $"{reader.GetName(i)}={(reader.IsDBNull(i) ? "null" : reader.GetValue(i))}");
            report.Append(prefix).AppendLine(string.Join(", ", values));
        }
    }
}
