namespace ServiceTasks.Benchmarks.Harness;

/// <summary>
/// The quick mode's shared deployments, each on a database of its own: one product process with both roles (api and
/// worker, the product's default) and one raw Hangfire worker, both with the default knobs, started side by side on
/// first use and used in turn by every figure that runs with those knobs. Each product figure works in an app of its
/// own and counts only its own rows; each baseline counts only the jobs it enqueued. A quick run checks that the
/// harness works, and every process start costs seconds of JIT; full runs give each figure databases and processes
/// of its own (<see cref="FigureContext"/>).
/// </summary>
internal sealed class SharedDeployments(Cluster cluster) : IAsyncDisposable
{
    private const string ProductIdle =
        "SELECT CASE WHEN EXISTS (SELECT FROM service_tasks WHERE status IN ('PENDING', 'RUNNING')) THEN 0 ELSE 1 END";
    private const string RawIdle =
        "SELECT CASE WHEN EXISTS (SELECT FROM hangfire.job WHERE statename NOT IN ('Succeeded', 'Deleted')) THEN 0 ELSE 1 END";

    private readonly Lock _gate = new();
    private Task<(ProductSite Product, RawSite Raw)>? _started;

    /// <summary>
    /// The shared product deployment, once the figure before has left no task unfinished (P4 enqueues tasks it does
    /// not wait for), so no figure runs behind another's work.
    /// </summary>
    public async Task<ProductSite> ProductAsync()
    {
        var (product, _) = await StartedAsync();
        await Sql.WaitForCountAsync(product.Database, ProductIdle, 1, TimeSpan.FromMinutes(1), "shared product deployment idle");
        return product;
    }

    /// <summary>The shared raw worker, once every job enqueued before has finished.</summary>
    public async Task<RawSite> RawAsync()
    {
        var (_, raw) = await StartedAsync();
        await Sql.WaitForCountAsync(raw.Database, RawIdle, 1, TimeSpan.FromMinutes(1), "shared raw worker idle");
        return raw;
    }

    private Task<(ProductSite Product, RawSite Raw)> StartedAsync()
    {
        lock (_gate) return _started ??= StartAsync();
    }

    private async Task<(ProductSite Product, RawSite Raw)> StartAsync()
    {
        var product = Task.Run(async () =>
        {
            var database = await cluster.CreateDatabaseAsync("shared");
            return new ProductSite(database, await ProductDeployment.StartOneProcessAsync(cluster.ProductConnection(database), new HangfireKnobs()), owned: false);
        });
        var raw = Task.Run(async () =>
        {
            var database = await cluster.CreateDatabaseAsync("sharedraw");
            return new RawSite(database, await RawWorker.StartAsync(database, new HangfireKnobs()), owned: false);
        });
        try
        {
            await Task.WhenAll(product, raw);
        }
        finally
        {
            // One that started while the other failed is stopped here: the figure fails, and its retry starts both again.
            if (product.IsCompletedSuccessfully && !raw.IsCompletedSuccessfully) await product.Result.Deployment.DisposeAsync();
            if (raw.IsCompletedSuccessfully && !product.IsCompletedSuccessfully) await raw.Result.Worker.DisposeAsync();
        }
        return (await product, await raw);
    }

    /// <summary>Stops both: at the end of the run, and after a failed figure, so that its retry starts afresh.</summary>
    public async ValueTask DisposeAsync()
    {
        Task<(ProductSite Product, RawSite Raw)>? started;
        lock (_gate) (started, _started) = (_started, null);
        if (started is null) return;
        await ((Task)started).ContinueWith(_ => { }, TaskScheduler.Default); // a failed start has stopped what it had started
        if (!started.IsCompletedSuccessfully) return;
        await started.Result.Product.Deployment.DisposeAsync();
        await started.Result.Raw.Worker.DisposeAsync();
    }
}
