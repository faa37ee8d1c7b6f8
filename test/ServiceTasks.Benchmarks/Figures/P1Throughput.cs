using Hangfire;
using ServiceTasks.Benchmarks.Harness;

namespace ServiceTasks.Benchmarks.Figures;

/// <summary>
/// P1 throughput and P6 memory: N MOCK tasks (0 ms) enqueued through the HTTP API by 16 clients while an idle
/// worker-only process runs them, until every one is COMPLETED with its log row; against raw Hangfire running N no-op
/// jobs, enqueued by 16 threads, with the same storage options and worker count. The worker's peak RSS is P6.
/// </summary>
internal static class P1Throughput
{
    private const int Clients = 16;

    public static async Task RunAsync(FigureContext context)
    {
        var (tasks, runs) = Size(context);
        var knobs = new HangfireKnobs();
        var (product, baseline) = await context.SidesAsync(
            () => ProductAsync(context, knobs, tasks, runs), () => BaselineAsync(context, knobs, tasks, runs));

        var setup = $"{tasks} tasks, {knobs.WorkerCount} workers, {Clients} clients, {knobs.Label}";
        context.Results.Add("P1", "throughput", "tasks/s", true, product.Rates, baseline.Rates, "≥ 0.8× baseline", setup);
        foreach (var part in product.CpuMs.Keys.Append(AllProcesses))
            context.Results.Add("P1", $"CPU per task: {part}", "ms", false, [Part(product.CpuMs, part)],
                baseline.CpuMs.ContainsKey(part) || part == AllProcesses ? [Part(baseline.CpuMs, part)] : null, "",
                "user + system time during the runs; the harness runs the engine's HTTP client and raw Hangfire's client");
        context.Results.Add("P6", "worker peak RSS during P1", "MB", false, product.PeakMb, baseline.PeakMb, "≤ 300 MB",
            $"VmRSS of the {(product.OneProcess ? "quick run's one api + worker process" : "worker process")}, sampled every 100 ms");
        foreach (var (part, of) in new (string, Func<ResidentMemory, double>)[]
                 { ("anonymous (heap, stacks, native)", m => m.Anonymous), ("file-backed (mapped assemblies)", m => m.FileBacked), ("shared (JIT code, mapped twice)", m => m.Shared) })
            context.Results.Add("P6", $"of the peak: {part}", "MB", false, product.AtPeak.Select(of), baseline.AtPeak.Select(of), "",
                "the parts of VmRSS at the peak sample (/proc/PID/status RssAnon, RssFile, RssShmem)");
    }

    /// <summary>Tasks per run and runs, of P1 and of P7's history, which compares with it.</summary>
    public static (int Tasks, int Runs) Size(FigureContext context) => context.Quick ? (50, 1) : (2000, 3);

    private const string AllProcesses = "all processes";

    private static double Part(Dictionary<string, double> cpuMs, string part) => part == AllProcesses ? cpuMs.Values.Sum() : cpuMs[part];

    /// <summary>The product side of P1 on a fresh database (quick: the shared one), after its warm-up.</summary>
    public static async Task<Runs> ProductAsync(FigureContext context, HangfireKnobs knobs, int tasks, int runs, string database = "p1")
    {
        await using var site = await context.ProductAsync(database, knobs, withWorker: true);
        var seed = await Seed.WriteAsync(site.Database, null, Seed.Mock("bench-mock"));
        using var client = Load.Client(site.Deployment.Api.BaseAddress, seed.EngineKey);
        await WarmUpProductAsync(context, $"{database.ToUpperInvariant()} product", site, seed, client);
        return await RunsAsync(context, site, seed, client, tasks, runs, database.ToUpperInvariant());
    }

    /// <summary>
    /// P1's runs on a warm deployment: <paramref name="tasks"/> MOCK tasks of the seed's first service, <paramref name="runs"/>
    /// times, each until they are COMPLETED with their log rows. P7 runs them again on its own deployment after writing
    /// its history there.
    /// </summary>
    public static async Task<Runs> RunsAsync(FigureContext context, ProductSite site, Seed seed, HttpClient client, int tasks, int runs, string label)
    {
        var (cs, product) = (site.Database, site.Deployment);
        // Counted by time through the partial indexes, not over the whole table: on P7's history a count(*) of
        // every COMPLETED task, polled every 20 ms, would be load of the harness's own.
        var since = (await Sql.ReadAsync(cs, "SELECT clock_timestamp()", r => r.GetDateTime(0))).Single().ToString("O");
        var doneSince = $"SELECT count(*) FROM service_tasks WHERE completed_at > '{since}' AND status = 'COMPLETED' AND {seed.OwnRows}";
        var loggedSince = $"SELECT count(*) FROM service_execution_logs WHERE created_at > '{since}' AND {seed.OwnRows}";
        var (finished, loggedBefore) = (await Sql.CountAsync(cs, doneSince), await Sql.CountAsync(cs, loggedSince));
        var (rates, peaks, parts) = (new List<double>(), new List<double>(), new List<ResidentMemory>());
        (string, int)[] processes = product.OneProcess ? [("api + worker", product.Api.Id)] : [("api", product.Api.Id), ("worker", product.Worker!.Id)];
        var cpu = await CpuClock.StartAsync(cs, [("client (harness)", Environment.ProcessId), .. processes]);
        for (var run = 1; run <= runs; run++)
        {
            await using var sampler = new RssSampler(product.Worker!);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var enqueue = await Load.CountAsync(Clients, tasks, n => Load.EnqueueTaskAsync(client, seed.ServiceIds[0], $"{label}-r{run}-{n}"));
            await Sql.WaitForCountAsync(cs, doneSince, finished + run * tasks, Patience(context), "P1 tasks completed");
            await Sql.WaitForCountAsync(cs, loggedSince, loggedBefore + run * tasks, TimeSpan.FromMinutes(1), "P1 log rows");
            rates.Add(tasks / clock.Elapsed.TotalSeconds);
            peaks.Add(await sampler.PeakAsync());
            if (sampler.AtPeak is { } atPeak) parts.Add(atPeak);
            FigureContext.Say($"{label} product run {run}: {rates[^1]:F0} tasks/s (enqueue phase {enqueue.PerSecond:F0}/s), worker peak {peaks[^1]:F0} MB");
        }
        var cpuMs = await cpu.PerTaskMsAsync(runs * tasks);
        FigureContext.Say($"{label} product CPU per task: {Describe(cpuMs)}");
        return new Runs(rates, peaks, parts, cpuMs, product.OneProcess);
    }

    private static async Task<Runs> BaselineAsync(
        FigureContext context, HangfireKnobs knobs, int jobs, int runs)
    {
        await using var site = await context.RawAsync("p1raw", knobs);
        var (cs, worker) = (site.Database, site.Worker);
        var client = new BackgroundJobClient(knobs.Storage(cs));
        var before = await Sql.CountAsync(cs, RawJobs.Succeeded); // the quick run's shared worker ran other figures' jobs

        var warm = await WarmUp.UntilCompiledAsync(context, "P1 baseline", [worker.Id], async warmed =>
        {
            var count = WarmRound(context);
            await Load.PacedAsync(4, count, WarmRate, _ => { RawJobs.EnqueueNoop(client); return Task.CompletedTask; });
            await RawJobs.WaitForSucceededAsync(cs, before + warmed + count, TimeSpan.FromMinutes(2), "P1 raw warm-up");
            return count;
        });
        var (rates, peaks, parts) = (new List<double>(), new List<double>(), new List<ResidentMemory>());
        var cpu = await CpuClock.StartAsync(cs, ("client (harness)", Environment.ProcessId), ("worker", worker.Id));
        for (var run = 1; run <= runs; run++)
        {
            await using var sampler = new RssSampler(worker);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await Load.CountAsync(Clients, jobs, _ => { RawJobs.EnqueueNoop(client); return Task.CompletedTask; });
            await RawJobs.WaitForSucceededAsync(cs, before + warm + run * jobs, Patience(context), "P1 raw jobs succeeded");
            rates.Add(jobs / clock.Elapsed.TotalSeconds);
            peaks.Add(await sampler.PeakAsync());
            if (sampler.AtPeak is { } atPeak) parts.Add(atPeak);
            FigureContext.Say($"P1 baseline run {run}: {rates[^1]:F0} jobs/s, raw worker peak {peaks[^1]:F0} MB");
        }
        var cpuMs = await cpu.PerTaskMsAsync(runs * jobs);
        FigureContext.Say($"P1 baseline CPU per job: {Describe(cpuMs)}");
        return new Runs(rates, peaks, parts, cpuMs);
    }

    /// <summary>The seed's app's COMPLETED tasks: what a warm-up round, and P7's backlog, wait for.</summary>
    public static string Completed(Seed seed) => $"SELECT count(*) FROM service_tasks WHERE status = 'COMPLETED' AND {seed.OwnRows}";

    /// <summary>
    /// Warms a product deployment up (<see cref="WarmUp"/>) with the runs' path: MOCK tasks of the seed's first
    /// service, each round waiting until <see cref="Completed"/> (none when it starts) has counted its tasks. Answers
    /// the warm-up's task count.
    /// </summary>
    public static Task<int> WarmUpProductAsync(FigureContext context, string side, ProductSite site, Seed seed, HttpClient client) =>
        WarmUp.UntilCompiledAsync(context, side, [site.Deployment.Api.Id, site.Deployment.Worker!.Id], async before =>
        {
            var count = WarmRound(context);
            await Load.PacedAsync(4, count, WarmRate, n => Load.EnqueueTaskAsync(client, seed.ServiceIds[0], $"warm-{before + n}"));
            await Sql.WaitForCountAsync(site.Database, Completed(seed), before + count, TimeSpan.FromMinutes(2), $"{side} warm-up");
            return count;
        });

    /// <summary>
    /// Tasks per warm-up round (<see cref="WarmUp"/>), at <see cref="WarmRate"/> a second: the runs' path, at a pace
    /// that leaves the runtime's background compiler a core. At full speed it never caught up: the product's api and
    /// worker each spent 0.6–0.9 s of every second in the JIT for the whole 90 s of a full-speed warm-up.
    /// </summary>
    private static int WarmRound(FigureContext context) => context.Quick ? 20 : 150;

    private const double WarmRate = 50;

    // Quick runs finish in seconds: a minute is plenty, and a stranded job fails fast (Program.cs runs it once more).
    private static TimeSpan Patience(FigureContext context) => TimeSpan.FromMinutes(context.Quick ? 1 : 5);

    private static string Describe(Dictionary<string, double> cpuMs) =>
        string.Join(", ", cpuMs.Select(p => $"{p.Key} {p.Value:F2} ms")) + $" (all {cpuMs.Values.Sum():F2} ms)";
}

/// <summary>
/// One side's P1 runs: rates, the worker's peak memory and its parts, CPU per task by process, and whether the worker
/// was also the api (the quick run's shared deployment).
/// </summary>
internal sealed record Runs(List<double> Rates, List<double> PeakMb, List<ResidentMemory> AtPeak, Dictionary<string, double> CpuMs,
    bool OneProcess = false);
