using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Tests.Tasks;

/// <summary>
/// An api-only process and a worker-only process of the real executable share one database, as in production.
/// Also the soak for pickup: long polling must never leave a fetched task waiting (docs/execution.md, "Pickup latency").
/// </summary>
[TestClass]
public sealed class CrossProcessTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public Task ApiOnlyAndWorkerOnlyProcesses_CompleteEveryTask() => RunAsync(tasks: 200, workers: 20);

    [TestMethod]
    [TestCategory("Soak")]
    public Task Soak_ThousandsOfTasksAtFiftyWorkers_AllReachATerminalState() => RunAsync(tasks: 2000, workers: 50);

    private async Task RunAsync(int tasks, int workers)
    {
        var connectionString = await TestDatabase.CreateAsync("xproc");
        await using var api = ServiceProcess.Start(new Dictionary<string, string?>
        {
            ["ConnectionStrings__ServiceTasks"] = connectionString, ["ServiceTasks__Roles"] = "api",
        });
        using var http = new HttpClient { BaseAddress = api.BaseAddress };
        await Readiness.WaitReadyAsync(http);
        await using var worker = ServiceProcess.Start(new Dictionary<string, string?>
        {
            ["ConnectionStrings__ServiceTasks"] = connectionString, ["ServiceTasks__Roles"] = "worker",
            ["Hangfire__WorkerCount"] = workers.ToString(),
        });
        using var workerHttp = new HttpClient { BaseAddress = worker.BaseAddress };
        await Readiness.WaitReadyAsync(workerHttp);
        Assert.AreEqual(HttpStatusCode.NotFound, (await workerHttp.GetAsync("/api/service-tasks")).StatusCode, "A worker-only process serves no API.");

        var seed = await StandaloneSeed.WriteAsync(connectionString);
        http.DefaultRequestHeaders.Authorization = new("Bearer", seed.EngineKey);
        for (var i = 0; i < tasks; i++)
        {
            var response = await http.PostAsJsonAsync("/api/service-tasks",
                new { service_config_id = seed.ServiceId, instance_id = $"wf-{i}", task_id = "n", input_data = new { i } });
            Assert.AreEqual(HttpStatusCode.Accepted, response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        await using var db = TestDatabase.Context(connectionString);
        db.Tenant.UseAllApps();
        await Eventually.WaitAsync<int>(() => db.ServiceTasks.CountAsync(t => t.Status != ServiceTaskStatus.Completed),
            left => left == 0, TimeSpan.FromSeconds(30 + tasks / 10), "every task to complete");

        var pickups = await db.ServiceTasks.Select(t => (t.StartedAt!.Value - t.CreatedAt).TotalMilliseconds).ToListAsync();
        pickups.Sort();
        TestContext.WriteLine($"{tasks} tasks, {workers} workers: enqueue→start p50 {pickups[pickups.Count / 2]:F0} ms, " +
            $"p95 {pickups[(int)(pickups.Count * 0.95)]:F0} ms, max {pickups[^1]:F0} ms");
        TestContext.WriteLine(await StageBreakdownAsync(connectionString));
        Assert.AreEqual(tasks, await db.ServiceExecutionLogs.CountAsync(), "one log row per task");
    }

    /// <summary>Where the enqueue→start time goes: API to job created, job created to Processing, Processing to started.</summary>
    private static async Task<string> StageBreakdownAsync(string connectionString)
    {
        const string sql = """
            WITH t AS (
              SELECT extract(epoch FROM (j.createdat AT TIME ZONE 'UTC') - s.created_at) * 1000 AS created,
                     extract(epoch FROM (p.createdat AT TIME ZONE 'UTC') - (j.createdat AT TIME ZONE 'UTC')) * 1000 AS picked,
                     extract(epoch FROM s.started_at - (p.createdat AT TIME ZONE 'UTC')) * 1000 AS started
              FROM service_tasks s
              JOIN hangfire.job j ON j.id = s.hangfire_job_id::bigint
              JOIN hangfire.state p ON p.jobid = j.id AND p.name = 'Processing')
            SELECT format('stages p50/p95 ms: api→job %s/%s, job→processing %s/%s, processing→started %s/%s',
              round(percentile_cont(0.5) WITHIN GROUP (ORDER BY created)::numeric, 1), round(percentile_cont(0.95) WITHIN GROUP (ORDER BY created)::numeric, 1),
              round(percentile_cont(0.5) WITHIN GROUP (ORDER BY picked)::numeric, 1), round(percentile_cont(0.95) WITHIN GROUP (ORDER BY picked)::numeric, 1),
              round(percentile_cont(0.5) WITHIN GROUP (ORDER BY started)::numeric, 1), round(percentile_cont(0.95) WITHIN GROUP (ORDER BY started)::numeric, 1))
            FROM t
            """;
        await using var connection = new Npgsql.NpgsqlConnection(TestDatabase.Superuser(connectionString));
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
