using ServiceTasks.Secrets;

namespace ServiceTasks.Benchmarks.Harness;

/// <summary>
/// The product as it is deployed: an api-only process and, when asked, a worker-only process of the real executable
/// on one database, migrated by the api process, then seeded.
/// </summary>
internal sealed class ProductDeployment : IAsyncDisposable
{
    private ProductDeployment(ChildProcess api, ChildProcess? worker, HttpClient probe)
    {
        Api = api;
        Worker = worker;
        Probe = probe;
    }

    /// <summary>
    /// Set by --without-terminal-notify: each deployment's database loses the trigger that notifies waiters of finished
    /// tasks, once migrated, so a figure can be run both ways. Only this benchmark's throwaway databases are touched.
    /// </summary>
    public static bool WithoutTerminalNotify { get; set; }

    public ChildProcess Api { get; }
    public ChildProcess? Worker { get; }
    private HttpClient Probe { get; }

    /// <summary>Whether one process holds both roles (<see cref="StartOneProcessAsync"/>).</summary>
    public bool OneProcess => Worker == Api;

    public static Task<ProductDeployment> StartAsync(string connectionString, HangfireKnobs knobs, bool withWorker) =>
        StartAsync(connectionString, knobs, "api", withWorker ? "worker" : null);

    /// <summary>
    /// One process with both roles, the product's default shape: the quick run's shared deployment, which pays one
    /// process start instead of two.
    /// </summary>
    public static Task<ProductDeployment> StartOneProcessAsync(string connectionString, HangfireKnobs knobs) =>
        StartAsync(connectionString, knobs, "api,worker", null);

    private static async Task<ProductDeployment> StartAsync(string connectionString, HangfireKnobs knobs, string apiRoles, string? workerRole)
    {
        var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        // Side by side, as a deployment restarts: the figure's database is a copy of the migrated template.
        var api = ChildProcess.StartProduct(Environment(connectionString, knobs, apiRoles));
        var worker = workerRole is null ? null : ChildProcess.StartProduct(Environment(connectionString, knobs, workerRole));
        await api.WaitReadyAsync(probe);
        if (worker is not null) await worker.WaitReadyAsync(probe);
        if (WithoutTerminalNotify)
            await Sql.ExecuteAsync(connectionString, "DROP TRIGGER IF EXISTS service_tasks_notify_terminal ON service_tasks");
        return new ProductDeployment(api, worker ?? (apiRoles.Contains("worker") ? api : null), probe);
    }

    // The product runs as in Production, where the key ring must be encrypted with a certificate: one for the whole run.
    private static readonly Lazy<string> KeyRingCertificatePath = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "keyring", "benchmark.pfx");
        if (!File.Exists(path)) KeyRingProtection.CreateLocal(path);
        return path;
    });

    private static Dictionary<string, string?> Environment(string connectionString, HangfireKnobs knobs, string role)
    {
        var environment = knobs.ProductEnvironment();
        environment["ConnectionStrings__ServiceTasks"] = connectionString;
        environment["ServiceTasks__Roles"] = role;
        environment["DataProtection__CertificatePath"] = KeyRingCertificatePath.Value;
        return environment;
    }

    public async ValueTask DisposeAsync()
    {
        if (Worker is not null && !OneProcess) await Worker.DisposeAsync();
        await Api.DisposeAsync();
        Probe.Dispose();
    }
}
