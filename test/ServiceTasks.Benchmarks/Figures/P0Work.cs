using Hangfire;
using Npgsql;
using ServiceTasks.Benchmarks.Harness;

namespace ServiceTasks.Benchmarks.Figures;

/// <summary>
/// P0 database work per task, from PostgreSQL's own counters: N MOCK tasks (0 ms) through the HTTP API (api-only and
/// worker-only processes, in quick mode one with both roles, so the product pays HTTP and authentication) against N raw Hangfire no-op jobs enqueued
/// in-process (no HTTP, no authentication) into a raw worker, same storage options and worker count. The raw jobs are
/// enqueued at the rate the product's enqueue phase reached: an idle Hangfire worker woken by a NOTIFY polls the queue
/// whether or not it wins the job, so the work per job depends on the arrival rate, and equal rates compare the work a
/// task causes. Both sides connect as the application role through a <see cref="CountingProxy"/>; the harness's own
/// reads go around it as the superuser.
/// </summary>
internal static class P0Work
{
    private const int Clients = 16;
    private const int Warm = 10;

    public static async Task RunAsync(FigureContext context)
    {
        var tasks = context.Quick ? 25 : 2000;
        var knobs = new HangfireKnobs();
        var product = await ProductAsync(context, knobs, tasks);
        var baseline = await BaselineAsync(context, knobs, tasks, product.EnqueueRate);

        var note = $"{tasks} tasks at {product.EnqueueRate:F0}/s, {knobs.WorkerCount} workers, {knobs.Label}; product pays HTTP + API-key auth, baseline enqueues in-process" +
                   (context.Quick ? "; quick: the product's api and worker in one process" : "");
        context.Results.Add("P0", "statements per task", "", false, [product.Statements], [baseline.Statements], "≤ baseline + 6", note);
        context.Results.Add("P0", "transactions per task (commit + rollback)", "", false, [product.Transactions], [baseline.Transactions], "≤ baseline + 2", note);
        context.Results.Add("P0", "writing transactions per task (xids)", "", false, [product.Xids], [baseline.Xids], "", note);
        context.Results.Add("P0", "round trips per task", "", false, [product.RoundTrips], [baseline.RoundTrips], "", note);
        context.Results.Add("P0", "connections opened per task", "", false, [product.Connections], [baseline.Connections], "", note);
        context.Results.Add("P0", "WAL per task", "bytes", false, [product.WalBytes], [baseline.WalBytes], "",
            $"{note}; every row version and index entry written goes through the write-ahead log");
        context.Results.Add("P0", "WAL full-page images per task", "", false, [product.WalFullPages], [baseline.WalFullPages], "",
            $"{note}; a page's first change after a checkpoint writes the whole page (pg_stat_wal, server-wide)");
        context.Results.Add("P0", "WAL syncs per task", "", false, [product.WalSyncs], [baseline.WalSyncs], "",
            $"{note}; fsyncs of the write-ahead log, which a committing transaction that wrote waits for (pg_stat_wal, server-wide)");
        if (product.Calls.Count > 0)
            context.Results.Add("P0", "SQL text per task", "bytes", false, [product.SqlBytes], [baseline.SqlBytes], "",
                $"{note}; the normalised text of every statement times its calls: what the server parses, as no statement is prepared");
        if (!context.Quick)
            context.Results.Add("P0", "idle statements per second", "", false, [product.IdlePerSecond], [baseline.IdlePerSecond], "",
                $"nothing enqueued: one api and one worker process against one raw worker, {knobs.Label}");
        StatementKinds.Print(product.Calls, baseline.Calls, tasks);
    }

    private static async Task<Work> ProductAsync(FigureContext context, HangfireKnobs knobs, int tasks)
    {
        var cs = await context.Cluster.CreateDatabaseAsync("p0");
        await using var proxy = new CountingProxy(new NpgsqlConnectionStringBuilder(cs).Port);
        var counters = new WorkCounters(context.Cluster, new NpgsqlConnectionStringBuilder(cs).Database!, proxy);
        var viaProxy = new NpgsqlConnectionStringBuilder(context.Cluster.ProductConnection(cs)) { Port = proxy.Port }.ConnectionString;
        // Quick mode checks the harness, and a process start costs seconds of JIT: one process with both roles.
        var deployment = context.Quick ? await ProductDeployment.StartOneProcessAsync(viaProxy, knobs)
            : await ProductDeployment.StartAsync(viaProxy, knobs, withWorker: true);
        try
        {
            var seed = await Seed.WriteAsync(cs, null, Seed.Mock("bench-mock"));
            using var client = Load.Client(deployment.Api.BaseAddress, seed.EngineKey);
            const string done = "SELECT count(*) FROM service_tasks WHERE status = 'COMPLETED'";
            await Load.CountAsync(4, Warm, n => Load.EnqueueTaskAsync(client, seed.ServiceIds[0], $"warm-{n}"));
            await Sql.WaitForCountAsync(cs, done, Warm, TimeSpan.FromSeconds(60), "P0 warm-up");
            var idle = await SettleAsync(context, counters);

            var before = await counters.SnapshotAsync();
            await counters.ResetStatementsAsync();
            await using var poll = await Poller.OpenAsync(cs);
            var enqueue = await Load.CountAsync(Clients, tasks, n => Load.EnqueueTaskAsync(client, seed.ServiceIds[0], $"p0-{n}"));
            await poll.WaitForAsync(done, Warm + tasks, TimeSpan.FromMinutes(5));
            var calls = await counters.StatementsAsync();
            await deployment.DisposeAsync();
            await poll.DisposeAsync();
            var work = await Work.OfAsync("product", counters, before, calls, poll.Polls, tasks, idle, enqueue.PerSecond);
            // Whether the status changes were HOT updates (no index entry written): not while an index holds status.
            foreach (var (table, updates, hot) in await Sql.ReadAsync(cs,
                         "SELECT relname, n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'service_tasks'",
                         r => (r.GetString(0), r.GetInt64(1), r.GetInt64(2))))
                FigureContext.Say($"P0 product: {table} {updates} row updates, {hot} of them HOT");
            return work;
        }
        finally
        {
            await deployment.DisposeAsync();
        }
    }

    private static async Task<Work> BaselineAsync(FigureContext context, HangfireKnobs knobs, int jobs, double perSecond)
    {
        var cs = await context.Cluster.CreateDatabaseAsync("p0raw");
        await using var proxy = new CountingProxy(new NpgsqlConnectionStringBuilder(cs).Port);
        var counters = new WorkCounters(context.Cluster, new NpgsqlConnectionStringBuilder(cs).Database!, proxy);
        var viaProxy = new NpgsqlConnectionStringBuilder(context.Cluster.ProductConnection(cs)) { Port = proxy.Port }.ConnectionString;
        var client = new BackgroundJobClient(knobs.Storage(viaProxy));
        var worker = await RawWorker.StartAsync(viaProxy, knobs);
        try
        {
            const string done = "SELECT count(*) FROM hangfire.job WHERE statename = 'Succeeded'";
            await Load.CountAsync(4, Warm, _ => { RawJobs.EnqueueNoop(client); return Task.CompletedTask; });
            await Sql.WaitForCountAsync(cs, done, Warm, TimeSpan.FromSeconds(60), "P0 raw warm-up");
            var idle = await SettleAsync(context, counters);

            var before = await counters.SnapshotAsync();
            await counters.ResetStatementsAsync();
            await using var poll = await Poller.OpenAsync(cs);
            var enqueue = await Load.PacedAsync(Clients, jobs, perSecond, _ => Task.Run(() => RawJobs.EnqueueNoop(client)));
            await poll.WaitForAsync(done, Warm + jobs, TimeSpan.FromMinutes(5));
            var calls = await counters.StatementsAsync();
            await worker.DisposeAsync();
            await poll.DisposeAsync();
            return await Work.OfAsync("raw Hangfire", counters, before, calls, poll.Polls, jobs, idle, enqueue.PerSecond);
        }
        finally
        {
            await worker.DisposeAsync();
        }
    }

    /// <summary>
    /// Lets every backend hand its counts of the warm-up to pg_stat_database (an idle one does so 10 s after its last
    /// transaction), and counts the statements sent meanwhile: the idle cost per second. Quick mode does not wait, so its
    /// transaction counts may include up to a second or so of the warm-up.
    /// </summary>
    private static async Task<double> SettleAsync(FigureContext context, WorkCounters counters)
    {
        if (context.Quick) return double.NaN;
        await counters.ResetStatementsAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(11));
        var calls = (await counters.StatementsAsync()).Sum(s => s.Calls);
        return calls / clock.Elapsed.TotalSeconds;
    }

    private sealed record Work(double Statements, double Transactions, double Xids, double RoundTrips, double Connections,
        double WalBytes, double WalFullPages, double WalSyncs, double SqlBytes, double IdlePerSecond, double EnqueueRate,
        List<StatementCalls> Calls)
    {
        public static async Task<Work> OfAsync(string side, WorkCounters counters, WorkSnapshot before, List<StatementCalls> calls,
            long polls, int tasks, double idle, double enqueueRate)
        {
            await counters.WaitForBackendsGoneAsync();
            var after = await counters.SnapshotAsync();
            // The harness's completion polls ran on one open connection of their own: one implicit transaction each.
            var commits = after.Commits - before.Commits - polls;
            var rollbacks = after.Rollbacks - before.Rollbacks;
            FigureContext.Say($"P0 {side}: {tasks} tasks enqueued at {enqueueRate:F0}/s; {commits} commits, {rollbacks} rollbacks, " +
                $"{calls.Sum(c => c.Calls)} statements, {after.RoundTrips - before.RoundTrips} round trips ({polls} harness polls taken off)");
            return new Work(calls.Sum(c => c.Calls) / (double)tasks, (commits + rollbacks) / (double)tasks, (after.Xids - before.Xids) / (double)tasks,
                (after.RoundTrips - before.RoundTrips) / (double)tasks, (after.Connections - before.Connections) / (double)tasks,
                (after.WalBytes - before.WalBytes) / (double)tasks, (after.WalFullPages - before.WalFullPages) / (double)tasks,
                (after.WalSyncs - before.WalSyncs) / (double)tasks,
                calls.Sum(c => (double)c.Calls * System.Text.Encoding.UTF8.GetByteCount(c.Query)) / tasks, idle, enqueueRate, calls);
        }
    }
}
