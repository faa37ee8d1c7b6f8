using System.Globalization;
using System.Text.Json;

namespace ServiceTasks.Benchmarks.Harness;

/// <summary>Reads Hangfire's own state history (schema hangfire), the same record for the product and the baseline.</summary>
internal static class HangfireStates
{
    /// <summary>
    /// For every retry of a job after <paramref name="afterJob"/>: when its Processing state began minus the due time
    /// (EnqueueAt) of the Scheduled state before it, in ms.
    /// </summary>
    public static async Task<List<double>> RetryLatenessMsAsync(string connectionString, long afterJob)
    {
        var states = await Sql.ReadAsync(connectionString,
            $"SELECT jobid, name, createdat, data::text FROM hangfire.state WHERE name IN ('Scheduled', 'Processing') AND jobid > {afterJob} ORDER BY jobid, id",
            r => (Job: r.GetInt64(0), Name: r.GetString(1), At: DateTime.SpecifyKind(r.GetDateTime(2), DateTimeKind.Utc), Data: r.GetString(3)));
        var lateness = new List<double>();
        DateTime? due = null;
        long job = -1;
        foreach (var state in states)
        {
            if (state.Job != job) (job, due) = (state.Job, null);
            if (state.Name == "Scheduled") due = EnqueueAt(state.Data);
            else if (due is { } d)
            {
                lateness.Add((state.At - d).TotalMilliseconds);
                due = null;
            }
        }
        return lateness;
    }

    /// <summary>
    /// For every retry of the product: when its attempt really began (its log row's time less its execution time)
    /// minus the Scheduled state's due time. The product waits inside the job when Hangfire enqueues a retry early
    /// (docs/execution.md), so its Processing state alone would report starts that never happened. Only the tasks of
    /// the seed's app count.
    /// </summary>
    public static async Task<List<double>> ProductRetryLatenessMsAsync(string connectionString, Seed seed)
    {
        var due = (await Sql.ReadAsync(connectionString, "SELECT jobid, data::text FROM hangfire.state WHERE name = 'Scheduled' ORDER BY id",
                r => (Job: r.GetInt64(0), Data: r.GetString(1))))
            .GroupBy(s => s.Job).ToDictionary(g => g.Key, g => EnqueueAt(g.Last().Data));
        var starts = await Sql.ReadAsync(connectionString, $"""
            SELECT t.hangfire_job_id::bigint, l.created_at - l.execution_time_ms * interval '1 millisecond'
            FROM service_tasks t JOIN service_execution_logs l ON l.service_task_id = t.id AND l.retry_attempt = 1
            WHERE t.{seed.OwnRows}
            """, r => (Job: r.GetInt64(0), At: DateTime.SpecifyKind(r.GetDateTime(1), DateTimeKind.Utc)));
        return starts.Where(s => due.ContainsKey(s.Job)).Select(s => (s.At - due[s.Job]).TotalMilliseconds).ToList();
    }

    private static DateTime EnqueueAt(string data)
    {
        var value = JsonDocument.Parse(data).RootElement.GetProperty("EnqueueAt").GetString()!;
        return long.TryParse(value, out var unixMs)
            ? DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime
            : DateTime.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
    }
}
