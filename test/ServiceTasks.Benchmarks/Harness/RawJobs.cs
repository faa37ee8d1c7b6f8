using Hangfire;
using Hangfire.Server;
using Npgsql;

namespace ServiceTasks.Benchmarks.Harness;

/// <summary>The baseline's jobs: what a user of plain Hangfire would enqueue instead of a service task.</summary>
internal static class RawJobs
{
    /// <summary>Set in the raw-worker process: where <see cref="RecordStart"/> writes.</summary>
    public static string ConnectionString { get; set; } = "";

    public const string PickupTable = "bench_raw_pickup";

    public static void Noop() { }

    /// <summary>Records when it started, next to the enqueue time the client passed in (both UTC ticks of this machine).</summary>
    public static async Task RecordStart(long enqueuedTicks)
    {
        var started = DateTime.UtcNow.Ticks;
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand($"INSERT INTO {PickupTable} (enqueued_ticks, started_ticks) VALUES ($1, $2)", connection);
        insert.Parameters.AddWithValue(enqueuedTicks);
        insert.Parameters.AddWithValue(started);
        await insert.ExecuteNonQueryAsync();
    }

    /// <summary>Fails once; <see cref="RawRetryFilter"/> reschedules it after <paramref name="delaySeconds"/>, as a service retry policy would.</summary>
    public static void FailOnce(int delaySeconds, PerformContext context)
    {
        if (context.GetJobParameter<int>("RetryCount") == 0) throw new InvalidOperationException($"fails, retry in {delaySeconds} s");
    }

    public static async Task CreatePickupTableAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand(
            $"CREATE TABLE IF NOT EXISTS {PickupTable} (enqueued_ticks bigint NOT NULL, started_ticks bigint NOT NULL)", connection);
        await create.ExecuteNonQueryAsync();
    }

    public static string EnqueueNoop(IBackgroundJobClient client) => client.Enqueue(() => Noop());
}
