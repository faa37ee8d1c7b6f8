using ServiceTasks.Benchmarks.Harness;

namespace ServiceTasks.Benchmarks.Figures;

/// <summary>
/// P7, cost as the work grows: a backlog (<see cref="P7Backlog"/>) and then a long history (<see cref="P7History"/>) on
/// one warm deployment and its database, each against P1's product rate on an empty database: P1's own runs when P1
/// ran before it, else P1's product side again. One deployment and one warm-up serve both halves.
/// </summary>
internal static class P7Growth
{
    public static Task RunAsync(FigureContext context) => RunAsync(context, backlog: true, history: true);

    /// <summary>Only the backlog half (argument p7backlog).</summary>
    public static Task BacklogAsync(FigureContext context) => RunAsync(context, backlog: true, history: false);

    /// <summary>Only the history half (argument p7history).</summary>
    public static Task HistoryAsync(FigureContext context) => RunAsync(context, backlog: false, history: true);

    private static async Task RunAsync(FigureContext context, bool backlog, bool history)
    {
        var knobs = new HangfireKnobs();
        var (tasks, runs) = P1Throughput.Size(context);
        var empty = context.Results.All.FirstOrDefault(r => r is { Figure: "P1", Metric: "throughput" })?.Product.Values.ToList()
                    ?? (await P1Throughput.ProductAsync(context, knobs, tasks, runs, "p7empty")).Rates;

        await using var site = await context.ProductAsync("p7", knobs, withWorker: true);
        var seed = await Seed.WriteAsync(site.Database, null, Seed.Mock("bench-mock"), Seed.Mock("bench-behind"));
        using var client = Load.Client(site.Deployment.Api.BaseAddress, seed.EngineKey);
        var warm = await P1Throughput.WarmUpProductAsync(context, "P7 product", site, seed, client);
        if (backlog) await P7Backlog.RunAsync(context, site, seed, client, warm, empty);
        if (history) await P7History.RunAsync(context, site, seed, client, tasks, runs, empty);
    }
}
