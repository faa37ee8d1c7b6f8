using ServiceTasks.Benchmarks.Harness;

namespace ServiceTasks.Benchmarks.Figures;

/// <summary>
/// P7, cost as the work grows: a backlog (<see cref="P7Backlog"/>) and a long history (<see cref="P7History"/>), each
/// against P1's product rate on an empty database: P1's own runs when P1 ran before it, else P1's product side again.
/// </summary>
internal static class P7Growth
{
    public static async Task RunAsync(FigureContext context)
    {
        var knobs = new HangfireKnobs();
        var (tasks, runs) = context.Quick ? (100, 1) : (2000, 3);
        var empty = context.Results.All.FirstOrDefault(r => r is { Figure: "P1", Metric: "throughput" })?.Product.Values.ToList()
                    ?? (await P1Throughput.ProductAsync(context, knobs, tasks, runs, "p7empty")).Rates;
        await P7Backlog.RunAsync(context, knobs, empty);
        await P7History.RunAsync(context, knobs, tasks, runs, empty);
    }
}
