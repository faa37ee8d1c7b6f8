namespace ServiceTasks.Tests.Reliability;

/// <summary>
/// A statement PostgreSQL rejects (bad bytes, a conflict) must fail alone: no later statement on the pooled
/// connection may read another's rows, fail with "unexpected backend message", or answer 5xx.
/// </summary>
[TestClass]
public sealed class ConnectionDesyncTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task RejectedStatements_AmongConcurrentApps_LeaveEveryPooledConnectionInStep()
    {
        var stress = await ConnectionStress.PrepareAsync(appCount: 4);
        await stress.RunAsync(workers: 16, ConnectionStress.Count(1_800));
        TestContext.WriteLine(ConnectionStress.Report(stress));
        Assert.IsEmpty(stress.Failures, ConnectionStress.Report(stress));
    }

    [TestMethod]
    [TestCategory("Slow")]
    public async Task RejectedStatements_AmongConcurrentAppsForMinutes_LeaveEveryPooledConnectionInStep()
    {
        var stress = await ConnectionStress.PrepareAsync(appCount: 6);
        await stress.RunAsync(workers: 24, ConnectionStress.For(TimeSpan.FromMinutes(3)));
        TestContext.WriteLine(ConnectionStress.Report(stress));
        Assert.IsEmpty(stress.Failures, ConnectionStress.Report(stress));
    }
}
