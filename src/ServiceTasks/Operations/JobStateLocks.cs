using Npgsql;

namespace ServiceTasks.Operations;

/// <summary>
/// Hangfire's per-job state-change locks, taken for a whole batch of jobs in one statement: the very rows that
/// Hangfire.PostgreSql's distributed lock writes for <c>job:{id}:state-lock</c>, so anyone else's state change of one
/// of these jobs (a cancel, the dashboard, a worker) waits for the batch exactly as it waits for Hangfire's own lock,
/// and then finds the job's new state. As Hangfire does, a lock older than its timeout is taken over (its holder died).
/// The connection must be outside any transaction, so the locks are seen at once.
/// </summary>
internal static class JobStateLocks
{
    /// <summary>The jobs whose lock this took; the others are being changed by someone else right now.</summary>
    public static async Task<HashSet<string>> TakeAsync(NpgsqlConnection connection, IReadOnlyCollection<string> jobIds, TimeSpan timeout)
    {
        var resources = jobIds.Select(Resource).ToArray();
        var now = DateTime.UtcNow;
        await using (var expired = new NpgsqlCommand(
            $"DELETE FROM {HangfireExtensions.Schema}.lock WHERE resource = ANY($1) AND acquired < $2", connection))
        {
            expired.Parameters.AddWithValue(resources);
            expired.Parameters.AddWithValue(now - timeout);
            await expired.ExecuteNonQueryAsync();
        }
        await using var take = new NpgsqlCommand($"""
            INSERT INTO {HangfireExtensions.Schema}.lock (resource, acquired)
            SELECT resource, $2 FROM unnest($1::text[]) AS resource
            ON CONFLICT DO NOTHING
            RETURNING resource
            """, connection);
        take.Parameters.AddWithValue(resources);
        take.Parameters.AddWithValue(now);
        var taken = new HashSet<string>();
        await using var reader = await take.ExecuteReaderAsync();
        while (await reader.ReadAsync()) taken.Add(JobId(reader.GetString(0)));
        return taken;
    }

    /// <summary>On a connection inside a transaction, the locks are released by its commit.</summary>
    public static async Task ReleaseAsync(NpgsqlConnection connection, IEnumerable<string> jobIds)
    {
        await using var release = new NpgsqlCommand($"DELETE FROM {HangfireExtensions.Schema}.lock WHERE resource = ANY($1)", connection);
        release.Parameters.AddWithValue(jobIds.Select(Resource).ToArray());
        await release.ExecuteNonQueryAsync();
    }

    /// <summary>Hangfire's resource name (Hangfire.Core) behind Hangfire.PostgreSql's schema prefix.</summary>
    private static string Resource(string jobId) => $"{HangfireExtensions.Schema}:job:{jobId}:state-lock";

    private static string JobId(string resource) => resource.Split(':')[2];
}
