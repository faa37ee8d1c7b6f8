using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ServiceTasks.Benchmarks.Harness;

namespace ServiceTasks.Benchmarks.Figures;

/// <summary>
/// P5 log queries through the HTTP API (an api-only process; quick mode: the shared deployment) on 1,000,000 log rows across 3 apps and 50 services,
/// as app 0's admin (a third of the rows): the first filtered page, a page 10,000 rows deep by cursor, and the stats
/// of one day. Baseline: the same deep page through the same API by page number, which is SQL OFFSET.
/// </summary>
internal static class P5Logs
{
    public static async Task RunAsync(FigureContext context)
    {
        var rows = context.Quick ? 20_000 : 1_000_000;
        var depth = context.Quick ? 1_000 : 10_000;
        var (runs, perRun) = context.Quick ? (1, 20) : (3, 100);

        await using var site = await context.ProductAsync("p5", new HangfireKnobs(), withWorker: false);
        var (cs, product) = (site.Database, site.Deployment);
        var seed = await Seed.WriteAsync(cs, AppUuid(0));
        var load = Stopwatch.StartNew();
        await Sql.ExecuteAsync(cs, LogRows.Generate(rows));
        await Sql.ExecuteAsync(cs, "VACUUM ANALYZE service_execution_logs");
        FigureContext.Say($"P5 loaded {rows:N0} log rows in {load.Elapsed.TotalSeconds:F0} s");

        using var client = Load.Client(product.Api.BaseAddress, seed.AdminKey);
        var cursor = await CursorAtAsync(client, depth);
        var queries = new (string Name, string Path)[]
        {
            ("first page, status=FAILED", "/api/services/logs?status=FAILED&page_size=50"),
            ($"page {depth:N0} deep by cursor", $"/api/services/logs?page_size=50&cursor={Uri.EscapeDataString(cursor)}"),
            ($"page {depth:N0} deep by OFFSET", $"/api/services/logs?page_size=50&page={depth / 50 + 1}"),
            ("stats, one day", "/api/services/stats?date_from=2026-01-15T00:00:00Z&date_to=2026-01-16T00:00:00Z"),
        };
        await WarmUpAsync(context, "P5", product.Api.Id, client, queries.Select(q => q.Path));
        var p95 = queries.ToDictionary(q => q.Name, _ => new List<double>());
        for (var run = 0; run < runs; run++)
            foreach (var (name, path) in queries)
                p95[name].Add(Series.Percentile(await TimeAsync(client, path, perRun), 95));

        var note = $"{rows:N0} rows, app 0 of 3 ({runs}×{perRun} requests, HTTP, page_size 50, with total_count)";
        context.Results.Add("P5", "first filtered page p95", "ms", false, p95[queries[0].Name], null, "≤ 10 ms", note);
        context.Results.Add("P5", $"cursor page {depth:N0} deep p95", "ms", false, p95[queries[1].Name], p95[queries[2].Name],
            "≤ 10 ms", note + "; baseline: same API, page number (OFFSET)");
        context.Results.Add("P5", "stats for one day p95", "ms", false, p95[queries[3].Name], null, "", note);
    }

    /// <summary>
    /// Rounds of each query until the api's JIT is quiet (<see cref="WarmUp"/>), so the runs time the read path as final
    /// code, its plans and caches warm: five requests each were too few for the runtime to finish optimising it.
    /// </summary>
    internal static Task WarmUpAsync(FigureContext context, string side, int apiPid, HttpClient client, IEnumerable<string> paths) =>
        WarmUp.UntilCompiledAsync(context, $"{side} api", [apiPid], async _ =>
        {
            var clock = Stopwatch.StartNew();
            var requests = 0;
            // Two seconds a round at least: the runtime publishes its JIT time once a second.
            while (requests == 0 || (!context.Quick && clock.Elapsed < TimeSpan.FromSeconds(2)))
                foreach (var path in paths) requests += (await TimeAsync(client, path, 5)).Count;
            return requests;
        });

    internal static async Task<List<double>> TimeAsync(HttpClient client, string path, int times)
    {
        var latencies = new List<double>();
        for (var i = 0; i < times; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(path);
            await response.Content.ReadAsByteArrayAsync();
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}.");
        }
        return latencies;
    }

    /// <summary>Walks the unfiltered list by cursor, 200 rows a page, to the cursor that starts the page <paramref name="depth"/> rows in.</summary>
    private static async Task<string> CursorAtAsync(HttpClient client, int depth)
    {
        string? cursor = null;
        for (var seen = 0; seen < depth; seen += 200)
        {
            var path = "/api/services/logs?page_size=200" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            using var page = JsonDocument.Parse(await client.GetStringAsync(path));
            cursor = page.RootElement.GetProperty("next_cursor").GetString() ?? throw new InvalidOperationException("The log list ended early.");
        }
        return cursor!;
    }

    /// <summary>The app_uuid the generator gives app n: md5('app' || n)::uuid.</summary>
    public static Guid AppUuid(int n) =>
        Guid.ParseExact(Convert.ToHexString(MD5.HashData(Encoding.ASCII.GetBytes($"app{n}"))), "N");
}
