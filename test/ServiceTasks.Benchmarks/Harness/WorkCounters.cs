using Npgsql;

namespace ServiceTasks.Benchmarks.Harness;

/// <summary>
/// PostgreSQL's own counters of one database's work, read as the superuser from the postgres database (so reading
/// them adds nothing): transactions (pg_stat_database), transaction ids handed out (writing transactions, server-wide),
/// the write-ahead log's position, its full-page images and its syncs to disk (server-wide: what every row and index
/// entry written costs, and what a commit waits for), and, with
/// pg_stat_statements, the statements one role sent, normalised, with their calls.
/// </summary>
internal sealed record WorkSnapshot(long Commits, long Rollbacks, long Xids, long RoundTrips, long Connections, long WalBytes,
    long WalFullPages, long WalSyncs);

/// <summary>One normalised statement: its calls and the server's time executing them (ms).</summary>
internal sealed record StatementCalls(string Query, long Calls, double Ms);

internal sealed class WorkCounters(Cluster cluster, string database, CountingProxy proxy)
{
    /// <summary>Forgets every statement counted so far (server-wide: P0 runs alone).</summary>
    public Task ResetStatementsAsync() =>
        cluster.HasStatementStatistics ? Sql.ExecuteAsync(cluster.Server, "SELECT pg_stat_statements_reset()") : Task.CompletedTask;

    public async Task<WorkSnapshot> SnapshotAsync()
    {
        var row = (await Sql.ReadAsync(cluster.Server, $"""
            SELECT xact_commit, xact_rollback, pg_snapshot_xmax(pg_current_snapshot())::text::bigint,
                   pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint, w.wal_fpi, w.wal_sync
            FROM pg_stat_database, pg_stat_wal w WHERE datname = '{database}'
            """, r => (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5)))).Single();
        return new WorkSnapshot(row.Item1, row.Item2, row.Item3, proxy.RoundTrips, proxy.Connections, row.Item4, row.Item5, row.Item6);
    }

    /// <summary>
    /// The statements the application role sent to this database since the last reset: text, calls, and the server's
    /// time executing them (ms; without parsing, planning or the protocol).
    /// </summary>
    public async Task<List<StatementCalls>> StatementsAsync()
    {
        if (!cluster.HasStatementStatistics) return [];
        return await Sql.ReadAsync(cluster.Server, $"""
            SELECT query, calls, total_exec_time FROM pg_stat_statements
            WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '{database}')
              AND userid = (SELECT oid FROM pg_roles WHERE rolname = '{cluster.AppRole}')
            ORDER BY calls DESC
            """, r => new StatementCalls(r.GetString(0), r.GetInt64(1), r.GetDouble(2)));
    }

    /// <summary>
    /// Waits until every backend of the database has gone (the processes were stopped, the pools cleared): a backend
    /// hands its transaction counts to pg_stat_database when it exits, and otherwise up to 10 s after going idle.
    /// </summary>
    public async Task WaitForBackendsGoneAsync()
    {
        NpgsqlConnection.ClearAllPools();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await Sql.CountAsync(cluster.Server, $"SELECT count(*) FROM pg_stat_activity WHERE datname = '{database}'") > 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Backends of {database} still connected after 30 s.");
            await Task.Delay(100);
        }
        // The exit hook that flushes the counts runs just before the backend leaves pg_stat_activity; read until two agree.
        var last = await SnapshotAsync();
        while (true)
        {
            await Task.Delay(300);
            var now = await SnapshotAsync();
            if (now.Commits == last.Commits && now.Rollbacks == last.Rollbacks) return;
            last = now;
        }
    }
}
