using Npgsql;

namespace ServiceTasks.Benchmarks.Harness;

/// <summary>Plain Npgsql for the harness's own reads and setup, outside the product.</summary>
internal static class Sql
{
    public static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public static async Task ExecuteAsync(string connectionString, string sql, int timeoutSeconds = 600)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = timeoutSeconds };
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<List<T>> ReadAsync<T>(string connectionString, string sql, Func<NpgsqlDataReader, T> map)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(map(reader));
        return rows;
    }

    /// <summary>Polls a count until it reaches <paramref name="target"/>; throws after <paramref name="timeout"/>.</summary>
    public static async Task WaitForCountAsync(string connectionString, string sql, long target, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        long seen;
        while ((seen = await CountAsync(connectionString, sql)) < target)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{what}: {seen} of {target} after {timeout.TotalSeconds:F0} s.");
            await Task.Delay(20);
        }
    }
}
