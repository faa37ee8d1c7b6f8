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

    public const string Succeeded = "SELECT count(*) FROM hangfire.job WHERE statename = 'Succeeded'";

    /// <summary>
    /// Waits for <paramref name="target"/> Succeeded jobs. Hangfire.PostgreSql's long polling can strand a worker
    /// that has fetched a job: its per-fetch listener, cancelled at the wrong moment, goes on waiting for a
    /// notification, and the worker waits for it (docs/benchmarks.md, "The harness's own safeguards"). After 5 s
    /// without progress this sends one <c>NOTIFY new_job</c>, which ends that wait, and says so.
    /// </summary>
    public static async Task WaitForSucceededAsync(string connectionString, long target, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        var (seen, since) = (await Sql.CountAsync(connectionString, Succeeded), DateTime.UtcNow);
        while (seen < target)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{what}: {seen} of {target} after {timeout.TotalSeconds:F0} s.");
            await Task.Delay(20);
            var now = await Sql.CountAsync(connectionString, Succeeded);
            if (now > seen) (seen, since) = (now, DateTime.UtcNow);
            else if (DateTime.UtcNow - since > TimeSpan.FromSeconds(5))
            {
                FigureContext.Say($"{what}: no job has succeeded for 5 s at {seen} of {target}; a NOTIFY new_job for a stranded raw worker");
                await Sql.ExecuteAsync(connectionString, "NOTIFY new_job");
                since = DateTime.UtcNow;
            }
        }
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
