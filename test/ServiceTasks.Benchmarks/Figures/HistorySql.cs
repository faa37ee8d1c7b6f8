using ServiceTasks.Benchmarks.Harness;

namespace ServiceTasks.Benchmarks.Figures;

/// <summary>
/// SQL for P7's history: copies of one finished task of the warm-up, its log row and its Hangfire job (with a
/// Succeeded state), N times, over the 30 days before yesterday, in a few INSERT … SELECT generate_series statements.
/// Columns are read from the catalog, so the copy follows the schema; the job's arguments stay the template's.
/// </summary>
internal static class HistorySql
{
    /// <summary>
    /// One list of statements per table group, each list to run in order and the lists side by side: the tasks, the
    /// log rows, and the Hangfire jobs followed by their states (which reference the jobs). Each table's secondary
    /// indexes are dropped before its copy and built again after it from their own definitions, so the tables end
    /// with exactly the indexes the product made; only the constraint indexes (primary keys, those a foreign key
    /// points at) stay and are filled row by row. The task and log templates are the seed's app's own (the quick
    /// run's database is shared).
    /// </summary>
    public static async Task<IReadOnlyList<IReadOnlyList<string>>> GenerateAsync(string cs, int rows, Seed seed)
    {
        var ids = (await Sql.ReadAsync(cs, "SELECT max(id) + 1000 FROM hangfire.job", r => r.GetInt64(0))).Single();
        var stateIds = (await Sql.ReadAsync(cs, "SELECT max(id) + 1000 FROM hangfire.state", r => r.GetInt64(0))).Single();
        const string at = "(now() - interval '31 days' + g * (interval '30 days' / {0}))";
        var time = string.Format(at, rows);
        var failed = "g % 100 < 7";
        var tasks = await CopyAsync(cs, "public", "service_tasks", $"status = 'COMPLETED' AND hangfire_job_id IS NOT NULL AND {seed.OwnRows}", rows, $"""
            jsonb_build_object('id', md5('hist' || g)::uuid, 'idempotency_key', 'hist-' || g, 'instance_id', 'hist-' || g % 50000,
                'hangfire_job_id', ({ids} + g)::text, 'status', CASE WHEN {failed} THEN 'FAILED' ELSE 'COMPLETED' END,
                'created_at', {time}, 'started_at', {time}, 'completed_at', {time} + interval '20 ms', 'next_attempt_at', NULL)
            """);
        var logs = await CopyAsync(cs, "public", "service_execution_logs", $"status = 'SUCCESS' AND {seed.OwnRows}", rows, $"""
            jsonb_build_object('service_task_id', md5('hist' || g)::uuid, 'instance_id', 'hist-' || g % 50000,
                'status', CASE WHEN {failed} THEN 'FAILED' ELSE 'SUCCESS' END, 'created_at', {time}, 'finished_at', {time} + interval '20 ms')
            """);
        var jobs = await CopyAsync(cs, "hangfire", "job", "statename = 'Succeeded'", rows, $"""
            jsonb_build_object('id', {ids} + g, 'stateid', {stateIds} + g, 'createdat', {time}, 'expireat', now() + interval '1 day')
            """);
        var states = await CopyAsync(cs, "hangfire", "state", "name = 'Succeeded'", rows, $"""
            jsonb_build_object('id', {stateIds} + g, 'jobid', {ids} + g, 'createdat', {time})
            """);
        return
        [
            await WithIndexesBuiltAfterAsync(cs, "public.service_tasks", tasks),
            await WithIndexesBuiltAfterAsync(cs, "public.service_execution_logs", logs),
            [
                .. await WithIndexesBuiltAfterAsync(cs, "hangfire.job", jobs),
                .. await WithIndexesBuiltAfterAsync(cs, "hangfire.state", states),
                $"SELECT setval(pg_get_serial_sequence('hangfire.job', 'id'), {ids} + {rows})",
                $"SELECT setval(pg_get_serial_sequence('hangfire.state', 'id'), {stateIds} + {rows})",
            ],
        ];
    }

    /// <summary>The retention job's batch statements (Operations/RetentionJob.cs), 5,000 rows, everything older than a day.</summary>
    public static readonly (string What, string Sql)[] RetentionBatches =
    [
        ("5,000 log rows", """
        DELETE FROM service_execution_logs WHERE id IN
          (SELECT id FROM service_execution_logs WHERE created_at < now() - interval '1 day' LIMIT 5000)
        """),
        ("5,000 finished tasks", """
        DELETE FROM service_tasks WHERE id IN
          (SELECT id FROM service_tasks WHERE completed_at < now() - interval '1 day'
           AND status IN ('COMPLETED', 'FAILED', 'CANCELLED') LIMIT 5000)
        """),
    ];

    /// <summary>
    /// DROP INDEX of the table's indexes that no constraint owns or points at, the insert, and each index's own
    /// CREATE INDEX (pg_get_indexdef): one sorted build per index instead of a million scattered insertions into each.
    /// </summary>
    private static async Task<List<string>> WithIndexesBuiltAfterAsync(string cs, string table, string insert)
    {
        var indexes = await Sql.ReadAsync(cs, $"""
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            WHERE i.indrelid = '{table}'::regclass
              AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            ORDER BY 1
            """, r => (Name: r.GetString(0), Definition: r.GetString(1)));
        return
        [
            .. indexes.Select(i => $"DROP INDEX {i.Name}"),
            insert,
            .. indexes.Select(i => $"BEGIN; SET LOCAL maintenance_work_mem = '256MB'; {i.Definition}; COMMIT"),
        ];
    }

    /// <summary>INSERT of <paramref name="rows"/> copies of the first row matching <paramref name="where"/>, each changed by <paramref name="changes"/> (a jsonb of g).</summary>
    private static async Task<string> CopyAsync(string cs, string schema, string table, string where, int rows, string changes)
    {
        // Generated and identity columns are left to the table, as are serial ids the changes do not set.
        var columns = await Sql.ReadAsync(cs, $"""
            SELECT column_name FROM information_schema.columns
            WHERE table_schema = '{schema}' AND table_name = '{table}' AND is_generated = 'NEVER' AND is_identity = 'NO'
              AND (coalesce(column_default, '') NOT LIKE 'nextval%' OR column_name = 'id')
            ORDER BY ordinal_position
            """, r => r.GetString(0));
        var list = string.Join(", ", columns.Select(c => $"\"{c}\""));
        var values = string.Join(", ", columns.Select(c => $"r.\"{c}\""));
        // The record function in FROM (LATERAL), not as (f(...)).column in the select list: PostgreSQL would call it
        // once per column there, which made the million-row copy take many minutes instead of seconds.
        return $"""
            INSERT INTO {schema}.{table} ({list})
            SELECT {values}
            FROM (SELECT to_jsonb(t) AS template FROM (SELECT * FROM {schema}.{table} WHERE {where} LIMIT 1) AS t) AS x,
                 generate_series(1, {rows}) AS g,
                 LATERAL jsonb_populate_record(NULL::{schema}.{table}, x.template || {changes}) AS r
            """;
    }
}
