namespace ServiceTasks.Benchmarks.Harness;

/// <summary>
/// The quick mode's shared deployments, each on a database of its own: one product process with both roles (api and
/// worker, the product's default) and one raw Hangfire worker, both with the default knobs, used in turn by every figure that runs with
/// those knobs. Each product figure works in an app of its own and counts only its own rows; each baseline counts only
/// the jobs it enqueued. A quick run checks that the harness works, and every process start costs seconds of JIT;
/// full runs give each figure databases and processes of its own (<see cref="FigureContext"/>).
/// </summary>
internal sealed class SharedDeployments(Cluster cluster) : IAsyncDisposable
{
    private const string ProductIdle =
        "SELECT CASE WHEN EXISTS (SELECT FROM service_tasks WHERE status IN ('PENDING', 'RUNNING')) THEN 0 ELSE 1 END";
    private const string RawIdle =
        "SELECT CASE WHEN EXISTS (SELECT FROM hangfire.job WHERE statename NOT IN ('Succeeded', 'Deleted')) THEN 0 ELSE 1 END";

    private ProductSite? _product;
    private RawSite? _raw;

    /// <summary>
    /// The shared product deployment, started on first use. A later figure gets it once the one before has left no
    /// task unfinished (P4 enqueues tasks it does not wait for), so no figure runs behind another's work.
    /// </summary>
    public async Task<ProductSite> ProductAsync()
    {
        if (_product is not null)
        {
            await Sql.WaitForCountAsync(_product.Database, ProductIdle, 1, TimeSpan.FromMinutes(1), "shared product deployment idle");
            return _product;
        }
        var database = await cluster.CreateDatabaseAsync("shared");
        var deployment = await ProductDeployment.StartOneProcessAsync(cluster.ProductConnection(database), new HangfireKnobs());
        return _product = new ProductSite(database, deployment, owned: false);
    }

    /// <summary>The shared raw worker, started on first use; a later baseline gets it once every job before has finished.</summary>
    public async Task<RawSite> RawAsync()
    {
        if (_raw is not null)
        {
            await Sql.WaitForCountAsync(_raw.Database, RawIdle, 1, TimeSpan.FromMinutes(1), "shared raw worker idle");
            return _raw;
        }
        var database = await cluster.CreateDatabaseAsync("sharedraw");
        return _raw = new RawSite(database, await RawWorker.StartAsync(database, new HangfireKnobs()), owned: false);
    }

    /// <summary>Stops both: at the end of the run, and after a failed figure, so that its retry starts afresh.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_product is not null) await _product.Deployment.DisposeAsync();
        if (_raw is not null) await _raw.Worker.DisposeAsync();
        (_product, _raw) = (null, null);
    }
}
