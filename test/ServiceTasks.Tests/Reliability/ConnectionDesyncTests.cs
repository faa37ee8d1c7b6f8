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
        TestContext.WriteLine(Report(stress));
        Assert.IsEmpty(stress.Failures, Report(stress));
    }

    [TestMethod]
    [TestCategory("Slow")]
    public async Task RejectedStatements_AmongConcurrentAppsForMinutes_LeaveEveryPooledConnectionInStep()
    {
        var stress = await ConnectionStress.PrepareAsync(appCount: 6);
        await stress.RunAsync(workers: 24, ConnectionStress.For(TimeSpan.FromMinutes(3)));
        TestContext.WriteLine(Report(stress));
        Assert.IsEmpty(stress.Failures, Report(stress));
    }

    /// <summary>Counts by kind, then the failures a connection out of step causes before the rest.</summary>
    private static string Report(ConnectionStress stress)
    {
        string[] kinds = [ConnectionStress.UnexpectedMessage, "of app", "-> 500", "-> 503", "Exception"];
        var counts = kinds.Select(k => $"'{k}' {stress.Failures.Count(f => f.Contains(k, StringComparison.OrdinalIgnoreCase))}");
        var first = stress.Failures.OrderBy(f => Array.FindIndex(kinds, k => f.Contains(k, StringComparison.OrdinalIgnoreCase)) is var i && i < 0 ? 99 : i);
        return $"{stress.Operations} operations, {stress.Failures.Count} failures ({string.Join(", ", counts)}):\n" +
            string.Join('\n', first.Take(20).Select(f => f.Length > 400 ? f[..400] : f));
    }
}
