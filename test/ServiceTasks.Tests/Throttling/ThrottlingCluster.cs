using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Tests.Throttling;

/// <summary>
/// The real executable in separate processes on a database of their own: one api process and worker processes.
/// The rate window is scaled from 60 s to <see cref="RateWindowSeconds"/> (Throttling:RateWindowSeconds).
/// </summary>
internal sealed class ThrottlingCluster : IAsyncDisposable
{
    public const int RateWindowSeconds = 6;
    private readonly List<ServiceProcess> _processes = [];

    private ThrottlingCluster(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; }
    public StandaloneSeed Seed { get; private set; } = null!;
    public HttpClient Engine { get; private set; } = null!;
    public HttpClient Admin { get; private set; } = null!;

    public static async Task<ThrottlingCluster> StartAsync(string purpose, int workers)
    {
        var cluster = new ThrottlingCluster(await TestDatabase.CreateAsync(purpose));
        var api = cluster.Start("api");
        using (var probe = new HttpClient { BaseAddress = api.BaseAddress }) await Readiness.WaitReadyAsync(probe);
        for (var i = 0; i < workers; i++) await cluster.StartWorkerAsync();
        cluster.Seed = await StandaloneSeed.WriteAsync(cluster.ConnectionString);
        cluster.Engine = Client(api, cluster.Seed.EngineKey);
        cluster.Admin = Client(api, cluster.Seed.AdminKey);
        return cluster;
    }

    public async Task<ServiceProcess> StartWorkerAsync()
    {
        var worker = Start("worker");
        using var probe = new HttpClient { BaseAddress = worker.BaseAddress };
        await Readiness.WaitReadyAsync(probe);
        return worker;
    }

    private ServiceProcess Start(string roles)
    {
        var process = ServiceProcess.Start(new Dictionary<string, string?>
        {
            ["ConnectionStrings__ServiceTasks"] = ConnectionString, ["ServiceTasks__Roles"] = roles,
            ["Http__AllowPrivateNetworks"] = "true", ["Hangfire__WorkerCount"] = "10",
            ["Hangfire__InvisibilityTimeoutSeconds"] = "10", ["Hangfire__SchedulePollingIntervalMs"] = "250",
            ["Throttling__RateWindowSeconds"] = RateWindowSeconds.ToString(), ["Throttling__LeaseMarginSeconds"] = "2",
        });
        _processes.Add(process);
        return process;
    }

    /// <summary>A REAL service posting to <paramref name="url"/>, written with its version row.</summary>
    public async Task<Guid> CreateServiceAsync(string url, Action<ServiceConfiguration> configure)
    {
        await using var db = TestDatabase.Context(ConnectionString);
        db.Tenant.Use(Seed.AppUuid);
        var now = DateTimeOffset.UtcNow;
        var service = new ServiceConfiguration
        {
            Id = Guid.CreateVersion7(), AppUuid = Seed.AppUuid, ServiceName = $"real-{Guid.NewGuid():N}", ServiceType = ServiceTypes.Real,
            EndpointUrl = url, HttpMethod = "POST", TimeoutSeconds = 10, MaxRetries = 0, RetryPolicy = TestServices.QuickRetries(),
            CreatedBy = "test", CreatedAt = now, UpdatedAt = now,
        };
        configure(service);
        db.AddRange(service, ServiceSnapshot.Of(service, "test"));
        await db.SaveChangesAsync();
        return service.Id;
    }

    public async Task<List<Guid>> EnqueueAsync(Guid serviceId, int count)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++) ids.Add(await TestServices.EnqueueAsync(Engine, serviceId, new { i }));
        return ids;
    }

    public async Task<List<ServiceTask>> WaitAllFinishedAsync(Guid serviceId, int count, int timeoutSeconds) =>
        await Eventually.WaitAsync(async () =>
        {
            await using var db = TestDatabase.Context(ConnectionString);
            db.Tenant.UseAllApps();
            return await db.ServiceTasks.AsNoTracking().Where(t => t.ServiceConfigId == serviceId).ToListAsync();
        }, tasks => tasks.Count == count && tasks.All(t => ServiceTaskStatus.IsTerminal(t.Status)),
            TimeSpan.FromSeconds(timeoutSeconds), $"{count} tasks of service {serviceId} to finish");

    public async Task<int> CountAsync(string sql)
    {
        await using var db = TestDatabase.Context(ConnectionString);
        db.Tenant.UseAllApps();
        return await db.Database.SqlQueryRaw<int>(sql).SingleAsync();
    }

    private static HttpClient Client(ServiceProcess process, string key)
    {
        var client = new HttpClient { BaseAddress = process.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Engine?.Dispose();
        Admin?.Dispose();
        foreach (var process in _processes) await process.DisposeAsync();
    }
}
