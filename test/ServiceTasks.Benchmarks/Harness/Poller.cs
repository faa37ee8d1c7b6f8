using Npgsql;

namespace ServiceTasks.Benchmarks.Harness;

/// <summary>
/// Waits for a count on one connection kept open, and counts its polls: each is exactly one statement in one
/// implicit transaction, which P0 takes off the database's transaction count.
/// </summary>
internal sealed class Poller : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;

    private Poller(NpgsqlConnection connection) => _connection = connection;

    public long Polls { get; private set; }

    public static async Task<Poller> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return new Poller(connection);
    }

    public async Task WaitForAsync(string countSql, long target, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        await using var command = new NpgsqlCommand(countSql, _connection);
        while (true)
        {
            Polls++;
            var seen = Convert.ToInt64(await command.ExecuteScalarAsync());
            if (seen >= target) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{seen} of {target} after {timeout.TotalSeconds:F0} s: {countSql}");
            await Task.Delay(100);
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
