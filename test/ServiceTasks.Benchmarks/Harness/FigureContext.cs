namespace ServiceTasks.Benchmarks.Harness;

internal sealed record FigureContext(Cluster Cluster, bool Quick, ResultSet Results, SharedDeployments Shared)
{
    public static void Say(string text) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {text}");

    /// <summary>
    /// The product side of a figure: a fresh copy of the migrated template and a deployment of its own, or, in quick
    /// mode with the default knobs, the run's shared deployment (with a worker, whether or not the figure needs one).
    /// </summary>
    public async Task<ProductSite> ProductAsync(string figure, HangfireKnobs knobs, bool withWorker)
    {
        if (Quick && knobs == new HangfireKnobs()) return await Shared.ProductAsync();
        var database = await Cluster.CreateDatabaseAsync(figure);
        var deployment = await ProductDeployment.StartAsync(Cluster.ProductConnection(database), knobs, withWorker);
        return new ProductSite(database, deployment, owned: true);
    }

    /// <summary>
    /// A figure's product side and baseline: one after the other in full runs, so neither measures the other's load;
    /// side by side in quick mode, which checks that the harness works, not the ratios.
    /// </summary>
    public async Task<(TProduct Product, TBaseline Baseline)> SidesAsync<TProduct, TBaseline>(
        Func<Task<TProduct>> product, Func<Task<TBaseline>> baseline)
    {
        if (!Quick) return (await product(), await baseline());
        var (p, b) = (product(), baseline());
        await Task.WhenAll(p, b);
        return (await p, await b);
    }

    /// <summary>A baseline's raw worker on an empty database of its own, or, in quick mode with the default knobs, the shared one.</summary>
    public async Task<RawSite> RawAsync(string figure, HangfireKnobs knobs)
    {
        if (Quick && knobs == new HangfireKnobs()) return await Shared.RawAsync();
        var database = await Cluster.CreateDatabaseAsync(figure);
        return new RawSite(database, await RawWorker.StartAsync(database, knobs), owned: true);
    }
}
