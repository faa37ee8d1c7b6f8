using System.Diagnostics;
using System.Net.Http.Json;
using ServiceTasks.Auth;
using ServiceTasks.Benchmarks.Harness;

namespace ServiceTasks.Benchmarks.Figures;

/// <summary>
/// P7 backlog: N MOCK tasks enqueued through the API while processing is paused cluster-wide (the product's own pause,
/// POST /api/workers/service-tasks?action=stop; each attempt job is created parked), then resumed. Measures the enqueue
/// p99 while the backlog stands (against the same clients' p99 just before the pause, on the empty database), the drain
/// rate from the resume call to the last COMPLETED task against P1's rate on an empty database, and the pickup of new
/// tasks of another service enqueued just after the resume, behind the backlog.
/// </summary>
internal static class P7Backlog
{
    private const int Clients = 16;

    /// <summary>The full mode's backlog: --backlog N (default 2,000: see docs/benchmarks.md for why not 50,000 in the full run).</summary>
    public static int Backlog { get; set; } = 2_000;

    /// <summary>On P7's deployment, warmed up with <paramref name="warm"/> tasks of the seed's first service.</summary>
    public static async Task RunAsync(FigureContext context, ProductSite site, Seed seed, HttpClient client, int warm, List<double> emptyRates)
    {
        var (backlog, extra, probes) = context.Quick ? (60, 20, 3) : (Backlog, 1_000, 10);
        var (cs, product) = (site.Database, site.Deployment);
        using var operatorClient = Load.Client(product.Api.BaseAddress, await OperatorKeyAsync(cs));
        operatorClient.Timeout = TimeSpan.FromMinutes(10);
        var done = P1Throughput.Completed(seed);
        const string parked = $"SELECT count(*) FROM hangfire.set WHERE key = '{Operations.ClusterPause.ParkedSet}'";

        // The same POSTs with nothing waiting: what the machine gives an enqueue right now, so the row below separates
        // the backlog's cost from the load. They run (and complete) before the pause.
        var emptyClock = Stopwatch.StartNew();
        var empty = await Load.CountAsync(Clients, extra, n => Load.EnqueueTaskAsync(client, seed.ServiceIds[0], $"e-{n}"));
        await Sql.WaitForCountAsync(cs, done, warm + extra, TimeSpan.FromMinutes(5), "P7 empty-database enqueues");
        var emptyRate = extra / emptyClock.Elapsed.TotalSeconds; // this deployment's own P1-like rate, for context
        await ActAsync(operatorClient, "stop");

        var build = await Load.CountAsync(Clients, backlog, n => Load.EnqueueTaskAsync(client, seed.ServiceIds[0], $"b-{n}"));
        var standing = await Load.CountAsync(Clients, extra, n => Load.EnqueueTaskAsync(client, seed.ServiceIds[0], $"x-{n}"));
        FigureContext.Say($"P7 {extra} enqueues before the pause: p99 {empty.P(99):F0} ms; backlog of {backlog:N0} built at " +
                          $"{build.PerSecond:F0}/s (p99 {build.P(99):F0} ms); {extra} more with it standing: p99 {standing.P(99):F0} ms");
        var total = backlog + extra;
        var parkClock = Stopwatch.StartNew(); // jobs are created parked; a job enqueued by a stale view is parked by a worker
        await Sql.WaitForCountAsync(cs, parked, total, TimeSpan.FromMinutes(10), "P7 attempt jobs parked");
        FigureContext.Say($"P7 all {total:N0} attempt jobs parked ({parkClock.Elapsed.TotalSeconds:F0} s after the last enqueue)");

        // New tasks of another service arrive while the resume call is still putting the parked jobs back in the queue.
        var drain = Stopwatch.StartNew();
        var resume = ActAsync(operatorClient, "start");
        var probeIds = new List<string>();
        for (var i = 0; i < probes; i++)
        {
            await Task.Delay(100);
            await Load.EnqueueTaskAsync(client, seed.ServiceIds[1], $"probe-{i}");
            probeIds.Add($"'probe-{i}'");
        }
        var requeued = await resume;
        var resumeCall = drain.Elapsed;
        await Sql.WaitForCountAsync(cs, done, warm + extra + total + probes, TimeSpan.FromMinutes(10), "P7 backlog drained");
        var drainRate = total / drain.Elapsed.TotalSeconds;
        var pickups = await Sql.ReadAsync(cs,
            $"SELECT extract(epoch FROM started_at - created_at) * 1000 FROM service_tasks WHERE instance_id IN ({string.Join(",", probeIds)})",
            r => r.GetDouble(0));
        FigureContext.Say($"P7 resume requeued {requeued:N0} in {resumeCall.TotalSeconds:F1} s; drained {total:N0} at {drainRate:F0} tasks/s; " +
                          $"probe pickup p50 {Series.Percentile(pickups, 50):F0} ms");

        var setup = $"{backlog:N0} tasks enqueued while paused, then resumed; 1 run";
        context.Results.Add("P7", "backlog drain rate (vs P1 product rate on an empty database)", "tasks/s", true, [drainRate], emptyRates,
            "≥ 0.9× empty", setup + $"; the resume call took {resumeCall.TotalSeconds:F1} s of it and requeued {requeued:N0} itself (past 5 s the sweep takes over); " +
            $"this deployment's {extra} tasks before the pause (enqueued and run) went at {emptyRate:F0} tasks/s");
        context.Results.Add("P7", "enqueue p99 with the backlog standing (vs the same before the pause)", "ms", false,
            [standing.P(99)], [empty.P(99)], "≤ 100 ms",
            $"{extra} POSTs by {Clients} clients on top of {backlog:N0} pending tasks; baseline: {extra} POSTs just before the pause");
        context.Results.Add("P7", "pickup p50 of a new task of another service, behind the backlog", "ms", false,
            [Series.Percentile(pickups, 50)], null, "see docs/benchmarks.md", $"{probes} tasks, one per 100 ms from the resume call on");
    }

    private static async Task<int> ActAsync(HttpClient operatorClient, string action)
    {
        using var response = await operatorClient.PostAsync($"/api/workers/service-tasks?action={action}", null);
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return answer.TryGetProperty("requeued", out var requeued) && requeued.ValueKind == System.Text.Json.JsonValueKind.Number ? requeued.GetInt32() : 0;
    }

    private static async Task<string> OperatorKeyAsync(string cs)
    {
        await using var db = Seed.Context(cs);
        var (row, key) = ApiKeys.Create(Roles.Operator, "bench-operator", null);
        db.Add(row);
        await db.SaveChangesAsync();
        return key;
    }
}
