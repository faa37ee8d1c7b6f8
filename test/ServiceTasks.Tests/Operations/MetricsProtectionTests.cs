using System.Net;

namespace ServiceTasks.Tests.Operations;

/// <summary>Metrics:RequireOperatorKey=true puts /metrics behind the operator key; the real executable, on a database of its own.</summary>
[TestClass]
public sealed class MetricsProtectionTests
{
    [TestMethod]
    public async Task RequireOperatorKey_AnonymousGets401_AdminGets403_OperatorScrapes()
    {
        var connectionString = await TestDatabase.CreateAsync("metrics-protected");
        await using var host = ServiceProcess.Start(new Dictionary<string, string?>
        {
            ["ConnectionStrings__ServiceTasks"] = connectionString,
            ["Metrics__RequireOperatorKey"] = "true",
        });
        using var anonymous = new HttpClient { BaseAddress = host.BaseAddress };
        await Readiness.WaitReadyAsync(anonymous);
        var seed = await StandaloneSeed.WriteAsync(connectionString);

        await (await anonymous.GetAsync("/metrics")).ProblemAsync(HttpStatusCode.Unauthorized);
        using var admin = new HttpClient { BaseAddress = host.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", seed.AdminKey);
        await (await admin.GetAsync("/metrics")).ProblemAsync(HttpStatusCode.Forbidden);
        using var op = new HttpClient { BaseAddress = host.BaseAddress };
        op.DefaultRequestHeaders.Authorization = new("Bearer", seed.OperatorKey);
        var scrape = await op.GetStringAsync("/metrics");
        StringAssert.Contains(scrape, "servicetasks_tasks{status=\"PENDING\"}");
    }
}
