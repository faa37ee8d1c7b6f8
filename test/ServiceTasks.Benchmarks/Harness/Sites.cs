namespace ServiceTasks.Benchmarks.Harness;

/// <summary>
/// A figure's product: its database (the superuser's connection string, for the harness's own reads) and the
/// deployment serving it, stopped with the figure unless it is the quick run's shared one.
/// </summary>
internal sealed class ProductSite(string database, ProductDeployment deployment, bool owned) : IAsyncDisposable
{
    public string Database => database;
    public ProductDeployment Deployment => deployment;

    /// <summary>What the rows' notes say the product ran as.</summary>
    public string Shape => (owned ? "" : "the quick run's shared ") +
        (deployment.OneProcess ? "api + worker process" : deployment.Worker is null ? "api-only process" : "api + worker processes");

    public ValueTask DisposeAsync() => owned ? deployment.DisposeAsync() : ValueTask.CompletedTask;
}

/// <summary>
/// A baseline's raw Hangfire worker process and the database it serves (the superuser's connection string), stopped
/// with the figure unless it is the quick run's shared one.
/// </summary>
internal sealed class RawSite(string database, ChildProcess worker, bool owned) : IAsyncDisposable
{
    public string Database => database;
    public ChildProcess Worker => worker;

    public ValueTask DisposeAsync() => owned ? worker.DisposeAsync() : ValueTask.CompletedTask;
}
