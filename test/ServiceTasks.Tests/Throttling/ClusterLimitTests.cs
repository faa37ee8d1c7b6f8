
namespace ServiceTasks.Tests.Throttling;

/// <summary>max_concurrency and rate_limit_per_minute hold across two worker processes, measured at the server.</summary>
[TestClass]
public sealed class ClusterLimitTests
{
    private static ThrottlingCluster _cluster = null!;
    private static LoopbackServer _server = null!;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _server = await LoopbackServer.StartAsync();
        _cluster = await ThrottlingCluster.StartAsync("throttle", workers: 2);
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await _cluster.DisposeAsync();
        await _server.DisposeAsync();
    }

    [TestMethod]
    public async Task MaxConcurrency2_FortyTasksOnTwoWorkerProcesses_ServerNeverSeesMoreThanTwoAtOnce()
    {
        var probe = new InFlightProbe(TimeSpan.FromMilliseconds(300));
        _server.Handle("/slow", probe.Handle);
        var serviceId = await _cluster.CreateServiceAsync(_server.Url("/slow"), s => s.MaxConcurrency = 2);

        await _cluster.EnqueueAsync(serviceId, 40);
        var tasks = await _cluster.WaitAllFinishedAsync(serviceId, 40, timeoutSeconds: 90);

        Assert.IsTrue(tasks.All(t => t.Status == ServiceTaskStatus.Completed));
        Assert.IsTrue(tasks.All(t => t.Attempts == 1), "a deferral is not an attempt");
        Assert.AreEqual(40, probe.Arrivals.Count);
        Assert.IsLessThanOrEqualTo(2, probe.MaxInFlight, $"max in flight at the server: {probe.MaxInFlight}");
        Assert.AreEqual(40, await _cluster.CountAsync($"SELECT count(*)::int AS \"Value\" FROM service_execution_logs WHERE service_config_id = '{serviceId}'"),
            "one log row per task: deferrals write none");
        Assert.AreEqual(0, await _cluster.CountAsync($"SELECT count(*)::int AS \"Value\" FROM service_concurrency_leases WHERE service_config_id = '{serviceId}'"),
            "every slot is given back");
        TestContext.WriteLine($"max in flight {probe.MaxInFlight}; span {probe.Arrivals[^1] - probe.Arrivals[0]}");
    }

    [TestMethod]
    public async Task RateLimit30PerScaledMinute_SixtyTasks_AtMost30StartsInAnyWindow()
    {
        var probe = new InFlightProbe(TimeSpan.Zero);
        _server.Handle("/rated", probe.Handle);
        var serviceId = await _cluster.CreateServiceAsync(_server.Url("/rated"), s => s.RateLimitPerMinute = 30);

        await _cluster.EnqueueAsync(serviceId, 60);
        var tasks = await _cluster.WaitAllFinishedAsync(serviceId, 60, timeoutSeconds: 90);

        Assert.IsTrue(tasks.All(t => t.Status == ServiceTaskStatus.Completed && t.Attempts == 1));
        Assert.AreEqual(60, probe.Arrivals.Count);
        // Starts are admitted exactly per window in the database; a request reaches the server a few ms later, and
        // not always equally late, so the server-side check allows 250 ms of that transit jitter.
        var window = TimeSpan.FromSeconds(ThrottlingCluster.RateWindowSeconds) - TimeSpan.FromMilliseconds(250);
        var most = probe.MostArrivalsWithin(window);
        Assert.IsLessThanOrEqualTo(30, most, $"{most} requests within {window}");
        TestContext.WriteLine($"most within {window}: {most}; span {probe.Arrivals[^1] - probe.Arrivals[0]}");
    }
}
