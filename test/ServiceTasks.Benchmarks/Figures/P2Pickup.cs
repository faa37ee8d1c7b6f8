using System.Diagnostics;
using Hangfire;
using ServiceTasks.Benchmarks.Harness;

namespace ServiceTasks.Benchmarks.Figures;

/// <summary>
/// P2 pickup latency: an api-only process gets one task every 50 ms for an idle worker-only process; enqueue→attempt
/// start (service_tasks.created_at → started_at). Baseline: a raw Hangfire job enqueued from this process into a
/// raw-worker process with the same storage options, timed from just before Enqueue to the first line of the job.
/// Both sides first run the same trickle until their JIT has gone quiet (<see cref="WarmUp"/>): after ten tasks the
/// product's api and worker each still spent 1.4–2.9 s of every 4 s run compiling, and the runs measured the compiler.
/// Measured with long polling (the product's default); <c>p2poll</c> measures it with long polling off and a 50 ms poll.
/// </summary>
internal static class P2Pickup
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    public static Task RunAsync(FigureContext context) => RunAsync(context, new HangfireKnobs());

    /// <summary>Long polling off and a 50 ms queue poll (argument p2poll).</summary>
    public static Task PollingAsync(FigureContext context) => RunAsync(context, new HangfireKnobs(LongPolling: false, QueuePollMs: 50));

    private static async Task RunAsync(FigureContext context, HangfireKnobs knobs)
    {
        var perRun = context.Quick ? 20 : 80;
        var runs = context.Quick ? 1 : 3;
        FigureContext.Say($"P2 with {knobs.Label}");
        var (product, baseline) = await context.SidesAsync(
            () => ProductAsync(context, knobs, perRun, runs), () => BaselineAsync(context, knobs, perRun, runs));
        var note = $"{runs}×{perRun} tasks, one per 50 ms, after {(context.Quick ? "one warm-up round" : "a warm-up until the JIT is quiet")}, {knobs.Label}";
        foreach (var (p, goal) in new[] { (50.0, "≤ 15 ms, ≤ 1.5× baseline"), (95.0, "≤ 50 ms, ≤ 1.5× baseline"), (99.0, "≤ 1.5× baseline") })
            context.Results.Add("P2", $"enqueue→start p{p:F0}", "ms", false,
                product.Select(r => Series.Percentile(r, p)), baseline.Select(r => Series.Percentile(r, p)), goal, note);
    }

    private static async Task<List<List<double>>> ProductAsync(FigureContext context, HangfireKnobs knobs, int perRun, int runs)
    {
        await using var site = await context.ProductAsync("p2", knobs, withWorker: true);
        var (cs, product) = (site.Database, site.Deployment);
        var seed = await Seed.WriteAsync(cs, null, Seed.Mock("bench-mock"));
        using var client = Load.Client(product.Api.BaseAddress, seed.EngineKey);
        async Task StartAsync(string prefix, int count)
        {
            await Paced(count, i => Load.EnqueueTaskAsync(client, seed.ServiceIds[0], $"{prefix}{i}"));
            var sql = $"SELECT count(*) FROM service_tasks WHERE started_at IS NOT NULL AND instance_id LIKE '{prefix}%' AND {seed.OwnRows}";
            await Sql.WaitForCountAsync(cs, sql, count, TimeSpan.FromMinutes(2), "P2 tasks started");
        }
        await WarmUp.UntilCompiledAsync(context, "P2 product", [product.Api.Id, product.Worker!.Id], async before =>
        {
            await StartAsync($"p2-w{before}-", WarmRound);
            return WarmRound;
        });
        var result = new List<List<double>>();
        for (var run = 1; run <= runs; run++)
        {
            await StartAsync($"p2-r{run}-", perRun);
            result.Add(await Sql.ReadAsync(cs,
                $"SELECT extract(epoch FROM started_at - created_at)::float8 * 1000 FROM service_tasks WHERE instance_id LIKE 'p2-r{run}-%' AND {seed.OwnRows}",
                r => r.GetDouble(0)));
            FigureContext.Say($"P2 product run {run}: p50 {Series.Percentile(result[^1], 50):F1} ms, p95 {Series.Percentile(result[^1], 95):F1} ms, max {result[^1].Max():F0} ms");
            await SegmentsAsync(cs, seed, run);
        }
        return result;
    }

    private static async Task<List<List<double>>> BaselineAsync(FigureContext context, HangfireKnobs knobs, int perRun, int runs)
    {
        await using var site = await context.RawAsync("p2raw", knobs);
        var cs = site.Database;
        var client = new BackgroundJobClient(knobs.Storage(cs));
        await RawJobs.CreatePickupTableAsync(cs);
        async Task StartAsync(int count)
        {
            await Sql.ExecuteAsync(cs, $"TRUNCATE {RawJobs.PickupTable}");
            await Paced(count, _ => Task.Run(() => client.Enqueue(() => RawJobs.RecordStart(DateTime.UtcNow.Ticks))));
            await Sql.WaitForCountAsync(cs, $"SELECT count(*) FROM {RawJobs.PickupTable}", count, TimeSpan.FromMinutes(2), "P2 raw jobs started");
        }
        await WarmUp.UntilCompiledAsync(context, "P2 baseline", [site.Worker.Id], async _ =>
        {
            await StartAsync(WarmRound);
            return WarmRound;
        });
        var result = new List<List<double>>();
        for (var run = 1; run <= runs; run++)
        {
            await StartAsync(perRun);
            result.Add(await Sql.ReadAsync(cs, $"SELECT (started_ticks - enqueued_ticks) / 10000.0 FROM {RawJobs.PickupTable}",
                r => (double)r.GetDecimal(0)));
            FigureContext.Say($"P2 baseline run {run}: p50 {Series.Percentile(result[^1], 50):F1} ms, p95 {Series.Percentile(result[^1], 95):F1} ms, max {result[^1].Max():F0} ms");
        }
        return result;
    }

    /// <summary>
    /// Where a product pickup goes: task row → Hangfire job created (the API's insert, commit and enqueue), job created →
    /// Processing (Hangfire's own fetch), Processing → started_at (the job's claim and reads before the attempt starts).
    /// </summary>
    private static async Task SegmentsAsync(string cs, Seed seed, int run)
    {
        var segments = await Sql.ReadAsync(cs, $"""
            SELECT extract(epoch FROM j.createdat - (t.created_at AT TIME ZONE 'UTC'))::float8 * 1000,
                   extract(epoch FROM p.createdat - j.createdat)::float8 * 1000,
                   extract(epoch FROM (t.started_at AT TIME ZONE 'UTC') - p.createdat)::float8 * 1000
            FROM service_tasks t
            JOIN hangfire.job j ON j.id = t.hangfire_job_id::bigint
            JOIN LATERAL (SELECT min(s.createdat) AS createdat FROM hangfire.state s WHERE s.jobid = j.id AND s.name = 'Processing') p ON true
            WHERE t.instance_id LIKE 'p2-r{run}-%' AND t.{seed.OwnRows}
            """, r => (Api: r.GetDouble(0), Fetch: r.GetDouble(1), Start: r.GetDouble(2)));
        string Of(Func<(double Api, double Fetch, double Start), double> f) =>
            $"p50 {Series.Percentile(segments.Select(f), 50):F1} / p95 {Series.Percentile(segments.Select(f), 95):F1} ms";
        FigureContext.Say($"    row→job created {Of(s => s.Api)}; job→Processing {Of(s => s.Fetch)}; Processing→started_at {Of(s => s.Start)}");
    }

    /// <summary>Tasks per warm-up round: two seconds of the runs' trickle.</summary>
    private const int WarmRound = 40;

    /// <summary>Starts one operation every 50 ms (not waiting for the previous one), as a steady trickle of work.</summary>
    private static async Task Paced(int count, Func<int, Task> operation)
    {
        var clock = Stopwatch.StartNew();
        var pending = new List<Task>();
        for (var i = 0; i < count; i++)
        {
            var due = Interval * i;
            if (clock.Elapsed < due) await Task.Delay(due - clock.Elapsed);
            pending.Add(operation(i));
        }
        await Task.WhenAll(pending);
    }
}
