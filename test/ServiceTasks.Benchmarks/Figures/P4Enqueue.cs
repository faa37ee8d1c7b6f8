using Hangfire;
using ServiceTasks.Benchmarks.Harness;

namespace ServiceTasks.Benchmarks.Figures;

/// <summary>
/// P4 enqueue API: 16 concurrent HTTP clients POST tasks to an api-only process for 3 runs of 10 s (no worker: only
/// the enqueue path is measured; quick mode uses the run's shared deployment, whose worker runs the tasks afterwards);
/// against 16 threads calling Hangfire's Enqueue of a no-op in this process, same storage options. Each side first
/// enqueues at a pace until its JIT is quiet (<see cref="WarmUp"/>), then for 2 s at full speed to fill its pools: after
/// a 10 s full-speed warm-up the api was still compiling through the first run (268 req/s against 415 and 475).
/// </summary>
internal static class P4Enqueue
{
    private const int Clients = 16;

    public static async Task RunAsync(FigureContext context)
    {
        var duration = TimeSpan.FromSeconds(context.Quick ? 0.5 : 10);
        var runs = context.Quick ? 1 : 3;
        var knobs = new HangfireKnobs();
        var ((product, ceiling, shape), baseline) = await context.SidesAsync(
            () => ProductAsync(context, knobs, duration, runs), () => BaselineAsync(context, knobs, duration, runs));

        var note = $"{Clients} clients, {runs}×{duration.TotalSeconds:0.#} s, {shape}";
        context.Results.Add("P4", "enqueue rate", "req/s", true, product.Select(r => r.PerSecond), baseline.Select(r => r.PerSecond),
            "≥ 0.6× baseline", note);
        context.Results.Add("P4", "HTTP ceiling (GET /health/live)", "req/s", true, ceiling.Select(r => r.PerSecond),
            baseline.Select(r => r.PerSecond), "", $"{Clients} clients, 1×{(duration / 2).TotalSeconds:0.#} s after the runs, {shape}; diagnostic: the same clients on an endpoint that does no work");
        context.Results.Add("P4", "enqueue p50", "ms", false, product.Select(r => r.P(50)), baseline.Select(r => r.P(50)), "", note);
        context.Results.Add("P4", "enqueue p99", "ms", false, product.Select(r => r.P(99)), baseline.Select(r => r.P(99)), "≤ 100 ms", note);
    }

    private static async Task<(List<LoadResult> Product, List<LoadResult> Ceiling, string Shape)> ProductAsync(
        FigureContext context, HangfireKnobs knobs, TimeSpan duration, int runs)
    {
        var (product, ceiling) = (new List<LoadResult>(), new List<LoadResult>());
        await using var site = await context.ProductAsync("p4", knobs, withWorker: false);
        var seed = await Seed.WriteAsync(site.Database, null, Seed.Mock("bench-mock"));
        using var client = Load.Client(site.Deployment.Api.BaseAddress, seed.EngineKey);
        Func<int, Task> post = n => Load.EnqueueTaskAsync(client, seed.ServiceIds[0], $"p4-{Guid.NewGuid():N}");
        await WarmUpAsync(context, "P4 product", [site.Deployment.Api.Id], post);
        for (var run = 1; run <= runs; run++)
        {
            product.Add(await Load.ForAsync(Clients, duration, post));
            FigureContext.Say($"P4 product run {run}: {product[^1].PerSecond:F0} req/s, p99 {product[^1].P(99):F1} ms");
        }
        // What HTTP alone allows here: the same clients on an endpoint that does no work (no key, no database). One
        // short run is plenty: it answers some forty times as fast as an enqueue.
        ceiling.Add(await Load.ForAsync(Clients, duration / 2, _ => Load.GetOkAsync(client, "/health/live")));
        FigureContext.Say($"P4 HTTP ceiling: {ceiling[^1].PerSecond:F0} req/s");
        return (product, ceiling, site.Shape);
    }

    private static async Task<List<LoadResult>> BaselineAsync(FigureContext context, HangfireKnobs knobs, TimeSpan duration, int runs)
    {
        var baseline = new List<LoadResult>();
        var rawCs = await context.Cluster.CreateDatabaseAsync("p4raw");
        var jobs = new BackgroundJobClient(knobs.Storage(rawCs));
        Func<int, Task> enqueue = _ => { RawJobs.EnqueueNoop(jobs); return Task.CompletedTask; };
        await WarmUpAsync(context, "P4 baseline", [], enqueue);
        for (var run = 1; run <= runs; run++)
        {
            baseline.Add(await Load.ForAsync(Clients, duration, enqueue));
            FigureContext.Say($"P4 baseline run {run}: {baseline[^1].PerSecond:F0} enqueues/s, p99 {baseline[^1].P(99):F1} ms");
        }
        return baseline;
    }

    /// <summary>Rounds of paced enqueues until the JIT of <paramref name="pids"/> and this process is quiet, then 2 s at full speed.</summary>
    private static async Task WarmUpAsync(FigureContext context, string side, int[] pids, Func<int, Task> enqueue)
    {
        var round = context.Quick ? 10 : 150;
        await WarmUp.UntilCompiledAsync(context, side, pids, async _ =>
        {
            await Load.PacedAsync(4, round, 50, enqueue);
            return round;
        });
        await Load.ForAsync(Clients, TimeSpan.FromSeconds(context.Quick ? 0.25 : 2), enqueue);
    }
}
