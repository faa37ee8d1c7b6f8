using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Tests.Reliability;

/// <summary>Database outage: PostgreSQL restarts mid-run under a cluster of its own (the shared one stays up).</summary>
[TestClass]
public sealed class DatabaseOutageTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [TestCategory("Slow")]
    public async Task PostgresRestartMidRun_ReadinessAndApiAnswer503_ThenEveryTaskEndsTerminal()
    {
        const int tasks = 300;
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"servicetasks-outage-{Guid.NewGuid():N}")).FullName;
        var binDir = PostgresBinaries.Find()!;
        var dataDir = Path.Combine(folder, "data");
        var postgres = await LocalPostgres.StartAsync(binDir, dataDir, durable: false);
        var port = postgres.Port;
        try
        {
            await postgres.EnsureDatabaseAsync("outage");
            await using var cluster = await FaultCluster.StartAsync(postgres.AppConnectionString("outage"), workers: 1, threadsPerWorker: 10);
            using var probe = new HttpClient { BaseAddress = cluster.Api.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
            await cluster.EnqueueAsync(tasks);

            await postgres.DisposeAsync();
            await Eventually.WaitAsync(() => Readiness.StatusAsync(probe, "/health/ready"), s => s == HttpStatusCode.ServiceUnavailable,
                TimeSpan.FromSeconds(15), "/health/ready to answer 503 while the database is down");
            var clock = Stopwatch.StartNew();
            var during = await cluster.Engine.PostAsJsonAsync("/api/service-tasks",
                new { service_config_id = cluster.ServiceId, instance_id = "during-outage", task_id = "n" });
            clock.Stop();
            await during.ProblemAsync(HttpStatusCode.ServiceUnavailable);
            TestContext.WriteLine($"An API call during the outage answered 503 in {clock.ElapsedMilliseconds} ms");
            Assert.IsLessThan(10_000, clock.ElapsedMilliseconds, "no hang past a short timeout");

            postgres = await LocalPostgres.StartAsync(binDir, dataDir, durable: false, port: port);
            Npgsql.NpgsqlConnection.ClearAllPools(); // this test process's own pooled connections died with the server
            await Readiness.WaitReadyAsync(probe);
            Assert.IsFalse(cluster.Api.HasExited || cluster.Workers.Any(w => w.HasExited), "every process kept running");
            try
            {
                await cluster.WaitAllTerminalAsync(tasks, TimeSpan.FromMinutes(4));
            }
            catch (AssertFailedException)
            {
                await using var lookup = TestDatabase.Context(cluster.ConnectionString);
                lookup.Tenant.UseAllApps();
                var stuck = await lookup.ServiceTasks.Where(t => t.CompletedAt == null).Select(t => t.Id).ToListAsync();
                TestContext.WriteLine($"{stuck.Count} tasks not terminal:\n" + await StuckTaskReport.DescribeAsync(postgres.ConnectionString("outage"), stuck));
                throw;
            }

            await using var db = TestDatabase.Context(cluster.ConnectionString);
            db.Tenant.UseAllApps();
            var byStatus = await db.ServiceTasks.GroupBy(t => t.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
            TestContext.WriteLine("After the restart: " + string.Join(", ", byStatus.Select(s => $"{s.Key} {s.Count}")));
            Assert.AreEqual(tasks, byStatus.Where(s => s.Key == ServiceTaskStatus.Completed).Sum(s => s.Count));
        }
        finally
        {
            await postgres.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }
}
