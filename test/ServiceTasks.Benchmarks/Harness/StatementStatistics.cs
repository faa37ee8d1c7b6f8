using Npgsql;
using ServiceTasks.LocalDatabase;

namespace ServiceTasks.Benchmarks.Harness;

/// <summary>
/// pg_stat_statements on the benchmark's cluster: the throwaway cluster is started once, given the library in
/// shared_preload_libraries (ALTER SYSTEM, which only the server reads at start) and started again; every figure's
/// database then shares the server-wide statistics, read by P0 as the superuser from the postgres database.
/// </summary>
internal static class StatementStatistics
{
    public static async Task<LocalPostgres> StartWithAsync(string binDir, string dataDirectory, bool durable)
    {
        var first = await LocalPostgres.StartAsync(binDir, dataDirectory, durable);
        try
        {
            await Sql.ExecuteAsync(first.ConnectionString("postgres"), "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await first.DisposeAsync();
        }
        return await LocalPostgres.StartAsync(binDir, dataDirectory, durable);
    }

    /// <summary>
    /// Statements per second the application role sends to one database over <paramref name="seconds"/> while nothing
    /// is enqueued (resets the server-wide statistics: the figure runs alone); NaN without the extension.
    /// </summary>
    public static async Task<double> IdlePerSecondAsync(Cluster cluster, string database, int seconds)
    {
        if (!cluster.HasStatementStatistics) return double.NaN;
        await Sql.ExecuteAsync(cluster.Server, "SELECT pg_stat_statements_reset()");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var calls = await Sql.CountAsync(cluster.Server,
            "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements " +
            $"WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '{database}') " +
            $"AND userid = (SELECT oid FROM pg_roles WHERE rolname = '{cluster.AppRole}')");
        return calls / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Creates the extension's view in the postgres database; false where the server did not preload the library.</summary>
    public static async Task<bool> TryCreateExtensionAsync(string server)
    {
        try
        {
            await Sql.ExecuteAsync(server, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            await Sql.CountAsync(server, "SELECT count(*) FROM pg_stat_statements");
            return true;
        }
        catch (PostgresException e)
        {
            FigureContext.Say($"pg_stat_statements is not available ({e.MessageText}): P0 counts transactions and round trips only");
            return false;
        }
    }
}
