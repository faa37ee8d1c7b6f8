using System.Diagnostics;

namespace ServiceTasks.Tests.Throttling;

/// <summary>A worker killed with SIGKILL while it holds a concurrency slot cannot starve the service.</summary>
[TestClass]
public sealed class LeaseExpiryTests
{
    [TestMethod]
    [TestCategory("Slow")] // three process starts and a 10 s invisibility timeout: about a minute on a busy machine
    public async Task Kill9OfTheSlotHolder_SlotFreesWithItsLease_AndEveryTaskCompletes()
    {
        await using var server = await LoopbackServer.StartAsync();
        var probe = new InFlightProbe(TimeSpan.FromSeconds(1));
        server.Handle("/held", probe.Handle);
        await using var cluster = await ThrottlingCluster.StartAsync("lease", workers: 0);
        var victim = await cluster.StartWorkerAsync();
        // Lease: timeout_seconds 3 + Throttling:LeaseMarginSeconds 2 = 5 s.
        var serviceId = await cluster.CreateServiceAsync(server.Url("/held"), s => { s.MaxConcurrency = 1; s.TimeoutSeconds = 3; });

        await cluster.EnqueueAsync(serviceId, 5);
        await Eventually.WaitAsync(() => Task.FromResult(probe.Arrivals.Count), n => n >= 1, TimeSpan.FromSeconds(30), "the first call");
        using (var kill = Process.Start("kill", ["-9", victim.Id.ToString()])) await kill.WaitForExitAsync();
        Assert.AreEqual(1, await cluster.CountAsync($"SELECT count(*)::int AS \"Value\" FROM service_concurrency_leases WHERE service_config_id = '{serviceId}'"),
            "the dead worker's slot is still held");

        await cluster.StartWorkerAsync();
        var tasks = await cluster.WaitAllFinishedAsync(serviceId, 5, timeoutSeconds: 60);

        Assert.IsTrue(tasks.All(t => t.Status == ServiceTaskStatus.Completed), string.Join(", ", tasks.Select(t => $"{t.Status}: {t.ErrorMessage}")));
        Assert.IsLessThanOrEqualTo(1, probe.MaxInFlight);
        Assert.AreEqual(0, await cluster.CountAsync($"SELECT count(*)::int AS \"Value\" FROM service_concurrency_leases WHERE service_config_id = '{serviceId}'"));
    }
}
