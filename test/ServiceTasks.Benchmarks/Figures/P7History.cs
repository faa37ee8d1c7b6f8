using System.Diagnostics;
using ServiceTasks.Benchmarks.Harness;

namespace ServiceTasks.Benchmarks.Figures;

/// <summary>
/// P7 history: P1's runs on P7's warm deployment once its database also holds N finished tasks (7 % FAILED), one
/// execution log row each and one Succeeded Hangfire job each (a Succeeded state, not yet expired), written by SQL from
/// the deployment's own finished rows in seconds; then the P5 queries through the same api process, and one
/// retention batch at that size.
/// </summary>
internal static class P7History
{
    public static async Task RunAsync(FigureContext context, ProductSite site, Seed seed, HttpClient client, int tasks, int runs, List<double> emptyRates)
    {
        var history = context.Quick ? 5_000 : 1_000_000;
        var (queryRuns, perRun) = context.Quick ? (1, 20) : (3, 100);
        var cs = site.Database;
        await WriteAsync(cs, history, seed);
        var rates = (await P1Throughput.RunsAsync(context, site, seed, client, tasks, runs, "P7HISTORY")).Rates;
        // The same api answers the pages, its worker idle by then: no process starts for them alone.
        var pages = await PagesAsync(context, site.Deployment, seed, queryRuns, perRun);
        var setup = $"{history:N0} finished tasks + logs + Hangfire jobs in the database; {tasks} tasks per run";
        context.Results.Add("P7", "throughput with history (vs P1 product rate on an empty database)", "tasks/s", true, rates, emptyRates,
            "≥ 0.9× empty", setup);
        foreach (var (name, p95) in pages)
            context.Results.Add("P7", $"{name} with history", "ms", false, p95, null, name.StartsWith("first") ? "≤ 10 ms" : "",
                $"{history:N0} log rows, one app ({queryRuns}×{perRun} requests, HTTP)");

        foreach (var (what, statement) in HistorySql.RetentionBatches)
        {
            var clock = Stopwatch.StartNew();
            await Sql.ExecuteAsync(cs, $"BEGIN; {statement}; ROLLBACK;");
            context.Results.Add("P7", $"one retention batch with history: {what}", "ms", false, [clock.Elapsed.TotalMilliseconds], null, "",
                $"the retention job's DELETE of 5,000 rows at {history:N0}, rolled back (harness as superuser: no row-level security)");
        }
    }

    private static async Task WriteAsync(string database, int history, Seed seed)
    {
        var clock = Stopwatch.StartNew();
        var groups = await HistorySql.GenerateAsync(database, history, seed);
        await Task.WhenAll(groups.Select(async statements =>
        {
            foreach (var statement in statements) await Sql.ExecuteAsync(database, statement, timeoutSeconds: 1800);
        }));
        var written = clock.Elapsed;
        await Sql.ExecuteAsync(database, "VACUUM ANALYZE service_tasks, service_execution_logs, hangfire.job, hangfire.state", timeoutSeconds: 1800);
        var vacuumed = clock.Elapsed;
        // Gigabytes of fresh WAL leave a checkpoint spreading its writes over the next minutes, into the runs; a month-old
        // history would have been checkpointed long ago, so the runs start after one.
        await Sql.ExecuteAsync(database, "CHECKPOINT", timeoutSeconds: 1800);
        FigureContext.Say($"P7 history: {history:N0} finished tasks, their log rows and Hangfire jobs written in {written.TotalSeconds:F0} s " +
                          $"(indexes built after), VACUUM ANALYZE {(vacuumed - written).TotalSeconds:F0} s, CHECKPOINT {(clock.Elapsed - vacuumed).TotalSeconds:F0} s");
    }

    /// <summary>The P5 first filtered page and one day's stats as the history's admin: p95 per run of each.</summary>
    private static async Task<List<(string Name, List<double> P95)>> PagesAsync(FigureContext context, ProductDeployment product, Seed seed, int queryRuns, int perRun)
    {
        using var client = Load.Client(product.Api.BaseAddress, seed.AdminKey);
        var day = DateTime.UtcNow.Date.AddDays(-15);
        var queries = new (string Name, string Path)[]
        {
            ("first filtered page p95", "/api/services/logs?status=FAILED&page_size=50"),
            ("stats for one day p95", $"/api/services/stats?date_from={day:yyyy-MM-dd}T00:00:00Z&date_to={day.AddDays(1):yyyy-MM-dd}T00:00:00Z"),
        };
        await P5Logs.WarmUpAsync(context, "P7 history", product.Api.Id, client, queries.Select(q => q.Path));
        var pages = new List<(string Name, List<double> P95)>();
        foreach (var (name, path) in queries)
        {
            var p95 = new List<double>();
            for (var run = 0; run < queryRuns; run++) p95.Add(Series.Percentile(await P5Logs.TimeAsync(client, path, perRun), 95));
            pages.Add((name, p95));
        }
        return pages;
    }
}
