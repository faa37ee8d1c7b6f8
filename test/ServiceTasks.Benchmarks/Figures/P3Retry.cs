using Hangfire;
using ServiceTasks.Benchmarks.Harness;

namespace ServiceTasks.Benchmarks.Figures;

/// <summary>
/// P3 retry punctuality: MOCK tasks that fail once and retry after 1–5 s (no jitter); how late each retry starts
/// against the Scheduled state's due time: for the product when the retry attempt began (its log row), for raw Hangfire
/// its Processing state (the job's code starts right after it). Baseline: raw Hangfire jobs failing once with the same
/// delays under Hangfire's default SchedulePollingInterval of 15 s, and (full runs) at the product's 1 s, which shows
/// what the product adds to Hangfire's own scheduler. Quick mode runs the baseline at 1 s only.
/// </summary>
internal static class P3Retry
{
    private static readonly int[] Delays = [1, 2, 3, 4, 5];

    public static async Task RunAsync(FigureContext context)
    {
        var perDelay = context.Quick ? 1 : 10;
        var delays = context.Quick ? [1] : Delays;
        // Quick mode only checks the harness: a 15 s poll would make it wait up to 15 s for nothing, so it takes the
        // product's 1 s, which lets it use the run's shared raw worker.
        var ((product, productIdle), defaults) = await context.SidesAsync(
            () => ProductAsync(context, new HangfireKnobs(), delays, perDelay),
            () => BaselineAsync(context, context.Quick ? new HangfireKnobs() : new HangfireKnobs(SchedulePollMs: 15_000), delays, perDelay));
        var note = $"{delays.Length * perDelay} retries, delays {string.Join('/', delays)} s";
        foreach (var p in new[] { 50.0, 95.0, 100.0 })
            context.Results.Add("P3", $"retry start − due, {(p == 100 ? "max" : $"p{p:F0}")}", "ms", false, [Series.Percentile(product, p)],
                [Series.Percentile(defaults, p)], p == 95 ? "≤ 300 ms" : "", $"{note}; baseline: {(context.Quick ? "raw Hangfire at the product's 1 s schedule poll" : "Hangfire default schedule poll 15 s")}");
        if (context.Quick) return;
        var same = await BaselineAsync(context, new HangfireKnobs(), delays, perDelay);
        foreach (var p in new[] { 50.0, 95.0 })
            context.Results.Add("P3", $"retry start − due, p{p:F0} (baseline at 1 s poll)", "ms", false, [Series.Percentile(product, p)],
                [Series.Percentile(same, p)], p == 95 ? "≤ 300 ms" : "", $"{note}; baseline: raw Hangfire with the product's 1 s schedule poll");

        // What a shorter schedule poll buys and costs: the product at 250 ms against itself at 1 s, idle cost included.
        var (fast, fastIdle) = await ProductAsync(context, new HangfireKnobs(SchedulePollMs: 250), delays, perDelay);
        foreach (var p in new[] { 50.0, 95.0 })
            context.Results.Add("P3", $"retry start − due, p{p:F0}, product at 250 ms schedule poll", "ms", false, [Series.Percentile(fast, p)],
                [Series.Percentile(product, p)], p == 95 ? "≤ 300 ms" : "", $"{note}; against: the product at its 1 s default");
        context.Results.Add("P3", "idle statements per second, product at 250 ms schedule poll", "", false, [fastIdle], [productIdle], "",
            "one api and one worker process, nothing enqueued, 10 s; against: the product at its 1 s default");
    }

    private static async Task<(List<double> Lateness, double IdlePerSecond)> ProductAsync(
        FigureContext context, HangfireKnobs knobs, int[] delays, int perDelay)
    {
        await using var site = await context.ProductAsync("p3", knobs, withWorker: true);
        var (cs, product) = (site.Database, site.Deployment);
        var seed = await Seed.WriteAsync(cs, null, delays.Select(d => Seed.Mock($"fails-then-{d}s", failWithRetryAfterSeconds: d)).ToArray());
        using var client = Load.Client(product.Api.BaseAddress, seed.EngineKey);
        for (var i = 0; i < perDelay; i++)
            for (var d = 0; d < delays.Length; d++)
            {
                await Load.EnqueueTaskAsync(client, seed.ServiceIds[d], $"p3-{i}-{d}");
                await Task.Delay(97); // spreads due times over the scheduler's polling cycle
            }
        await Sql.WaitForCountAsync(cs, $"SELECT count(*) FROM service_tasks WHERE status = 'FAILED' AND {seed.OwnRows}", delays.Length * perDelay,
            TimeSpan.FromMinutes(2), "P3 tasks failed twice");
        var lateness = await HangfireStates.ProductRetryLatenessMsAsync(cs, seed);
        FigureContext.Say($"P3 product ({knobs.SchedulePollMs} ms poll): {lateness.Count} retries, p50 {Series.Percentile(lateness, 50):F0} ms, max {lateness.Max():F0} ms");
        var idle = context.Quick ? double.NaN
            : await StatementStatistics.IdlePerSecondAsync(context.Cluster, new Npgsql.NpgsqlConnectionStringBuilder(cs).Database!, 10);
        return (lateness, idle);
    }

    private static async Task<List<double>> BaselineAsync(FigureContext context, HangfireKnobs knobs, int[] delays, int perDelay)
    {
        await using var site = await context.RawAsync("p3raw", knobs);
        var cs = site.Database;
        var client = new BackgroundJobClient(knobs.Storage(cs));
        const string done = "SELECT count(*) FROM hangfire.job WHERE statename = 'Succeeded'";
        var (before, lastJob) = (await Sql.CountAsync(cs, done), await Sql.CountAsync(cs, "SELECT coalesce(max(id), 0) FROM hangfire.job"));
        for (var i = 0; i < perDelay; i++)
            foreach (var delay in delays)
            {
                client.Enqueue(() => RawJobs.FailOnce(delay, null!));
                await Task.Delay(97);
            }
        await Sql.WaitForCountAsync(cs, done, before + delays.Length * perDelay, TimeSpan.FromMinutes(2), "P3 raw jobs retried");
        var lateness = await HangfireStates.RetryLatenessMsAsync(cs, lastJob);
        FigureContext.Say($"P3 baseline ({knobs.SchedulePollMs} ms poll): {lateness.Count} retries, p50 {Series.Percentile(lateness, 50):F0} ms, max {lateness.Max():F0} ms");
        return lateness;
    }
}
