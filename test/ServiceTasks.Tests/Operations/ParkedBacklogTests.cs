using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ServiceTasks.Tests.Operations;

/// <summary>
/// A backlog built while the cluster is paused: its jobs are parked as they are created, and a resume puts them back
/// in the queue a batch per transaction. The real executable on a database of its own, as <see cref="PauseTests"/>.
/// Every test leaves the cluster resumed and its tasks finished.
/// </summary>
[TestClass]
public sealed class ParkedBacklogTests
{
    private static ServiceProcess _host = null!;
    private static string _connectionString = "";
    private static StandaloneSeed _seed = null!;
    private static HttpClient _operator = null!;
    private static HttpClient _engine = null!;

    [ClassInitialize]
    public static async Task StartHostAsync(TestContext _)
    {
        _connectionString = await TestDatabase.CreateAsync("backlog");
        _host = ServiceProcess.Start(new Dictionary<string, string?> { ["ConnectionStrings__ServiceTasks"] = _connectionString });
        _operator = Client(_host, (_seed = await SeedWhenReadyAsync()).OperatorKey);
        _engine = Client(_host, _seed.EngineKey);
    }

    [ClassCleanup]
    public static async Task StopHostAsync()
    {
        _operator.Dispose();
        _engine.Dispose();
        await _host.DisposeAsync();
    }

    [TestMethod]
    public async Task TaskEnqueuedWhilePaused_IsParkedFromCreation_NeverFetchedUntilTheResume()
    {
        await ActAsync("stop");
        var ids = new[] { await EnqueueAsync(), await EnqueueAsync(), await EnqueueAsync() };
        var jobs = await JobIdsAsync(ids);
        await WaitForParkedAsync(jobs);
        foreach (var job in jobs)
            CollectionAssert.AreEqual(new[] { "Scheduled" }, await StatesAsync(job), $"job {job}: no worker took it before it was parked");

        await ActAsync("start");
        await WaitForCompletedAsync(ids);
        foreach (var job in jobs)
        {
            // The task completes inside the job's run; Hangfire records the job's Succeeded just after.
            var states = await Eventually.WaitAsync(() => StatesAsync(job), s => s.LastOrDefault() == "Succeeded",
                TimeSpan.FromSeconds(30), $"job {job} to end");
            CollectionAssert.AreEqual(new[] { "Scheduled", "Enqueued", "Processing", "Succeeded" }, states, $"job {job}");
        }
    }

    [TestMethod]
    public async Task Resume_EnqueuesSixHundredParkedJobs_InOneTransactionPerBatchOf500()
    {
        await ActAsync("stop");
        var ids = await EnqueueManyAsync(600);
        var jobs = await JobIdsAsync(ids);
        await WaitForParkedAsync(jobs);
        await CommitAudit.InstallAsync(_connectionString);

        await ActAsync("start");
        // The sweep may take a share (it requeues whatever is parked once the flag is clear, and takes over a resume
        // that runs past its budget): each job once, all told.
        const string resumed = "FROM hangfire.state WHERE name = 'Enqueued' AND reason = $1 AND jobid = ANY($2)";
        await Eventually.WaitAsync(() => ScalarAsync<long>($"SELECT count(*) {resumed}", ParkedJobs.ResumedReason, jobs),
            n => n == 600, TimeSpan.FromSeconds(60), "600 jobs enqueued again");
        // Rows written by one transaction share its id (xmin): 600 parked jobs, 500 to a transaction.
        Assert.AreEqual(2L, await ScalarAsync<long>($"SELECT count(DISTINCT xmin::text) {resumed}", ParkedJobs.ResumedReason, jobs));
        // Each batch's commit also released its jobs' state locks, so no worker it woke found its job still locked.
        Assert.AreEqual(600L, await CommitAudit.EnqueuedWithTheirLockReleasedAsync(_connectionString, [.. jobs.Select(j => $"{j}")]));
        await WaitForCompletedAsync(ids, timeoutSeconds: 180);
    }

    [TestMethod]
    public async Task Resume_RacingNewEnqueues_LosesNoTask_AndRunsNoneTwice()
    {
        await ActAsync("stop");
        var parked = await EnqueueManyAsync(100);
        var resume = ActAsync("start");
        var racing = await EnqueueManyAsync(100);
        await resume;
        await WaitForCompletedAsync([.. parked, .. racing]);
        Assert.AreEqual(0L, await ScalarAsync<long>("SELECT count(*) FROM hangfire.set WHERE key = $1", ClusterPause.ParkedSet));
    }

    [TestMethod]
    public async Task Cancel_OfATaskParkedWhilePaused_CancelsIt_AndTheResumeRunsNothingOfIt()
    {
        await ActAsync("stop");
        var id = await EnqueueAsync();
        var job = (await JobIdsAsync([id])).Single();
        await WaitForParkedAsync([job]);

        var cancelled = await (await _engine.PostAsync($"/api/service-tasks/{id}/cancel", null)).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual("CANCELLED", cancelled["status"]!.GetValue<string>());
        Assert.AreEqual(0L, await ScalarAsync<long>("SELECT count(*) FROM hangfire.set WHERE key = $1 AND value = $2", ClusterPause.ParkedSet, job.ToString()));

        await ActAsync("start");
        var task = await (await _engine.GetAsync($"/api/service-tasks/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual("CANCELLED", task["status"]!.GetValue<string>());
        Assert.AreEqual(0, task["attempts"]!.GetValue<int>());
        Assert.AreEqual("Deleted", (await StatesAsync(job)).Last());
    }

    [TestMethod]
    public async Task Resume_LeavesAJobThatIsBeingChangedElsewhereParked_AndTheSweepEnqueuesItOnceItsLockIsFree()
    {
        await ActAsync("stop");
        var (changing, free) = (await EnqueueAsync(), await EnqueueAsync());
        var jobs = await JobIdsAsync([changing]);
        await WaitForParkedAsync([.. jobs, .. await JobIdsAsync([free])]);
        // Hangfire's own state lock of that job, as a cancel or the dashboard holds it while it changes the job.
        var resource = $"hangfire:job:{jobs[0]}:state-lock";
        await ScalarAsync<int>("INSERT INTO hangfire.lock (resource, acquired) VALUES ($1, now()) RETURNING 1", resource);

        await ActAsync("start");
        await WaitForCompletedAsync([free]);
        CollectionAssert.AreEqual(new[] { "Scheduled" }, await StatesAsync(jobs[0]), "nothing changed a job while another held its lock");

        await ScalarAsync<int>("DELETE FROM hangfire.lock WHERE resource = $1 RETURNING 1", resource);
        await WaitForCompletedAsync([changing], timeoutSeconds: 60); // the sweep runs every 15 s
    }

    [TestMethod]
    public async Task ParkedJob_LeftBehindByAResume_IsEnqueuedByTheSweep()
    {
        await ActAsync("stop");
        var id = await EnqueueAsync();
        await WaitForParkedAsync(await JobIdsAsync([id]));
        // The flag cleared with its job still parked: what a process that kept seeing the pause for its last second
        // leaves behind, or a resume whose requeue never ran (its process died in between).
        await ScalarAsync<int>("UPDATE hangfire.hash SET value = 'false' WHERE key = 'servicetasks:control' AND field = 'paused' RETURNING 1");
        await WaitForCompletedAsync([id], timeoutSeconds: 60); // the sweep runs every 15 s
    }

    private static async Task<JsonNode> ActAsync(string action) =>
        await (await _operator.PostAsync($"/api/workers/service-tasks?action={action}", null)).JsonAsync(HttpStatusCode.OK);

    private static Task<Guid> EnqueueAsync() => TestServices.EnqueueAsync(_engine, _seed.ServiceId);

    private static async Task<Guid[]> EnqueueManyAsync(int count)
    {
        var next = 0;
        var ids = new Guid[count];
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) - 1 is var i && i < count) ids[i] = await EnqueueAsync();
        }));
        return ids;
    }

    private static async Task<long[]> JobIdsAsync(Guid[] taskIds)
    {
        await using var db = TestDatabase.Context(_connectionString);
        db.Tenant.UseAllApps();
        var jobs = await db.ServiceTasks.Where(t => taskIds.Contains(t.Id)).Select(t => t.HangfireJobId!).ToListAsync();
        return [.. jobs.Select(long.Parse)];
    }

    private static Task WaitForParkedAsync(long[] jobs) => Eventually.WaitAsync(
        () => ScalarAsync<long>("SELECT count(*) FROM hangfire.set WHERE key = $1 AND value = ANY($2)", ClusterPause.ParkedSet,
            jobs.Select(j => j.ToString()).ToArray()),
        n => n == jobs.Length, TimeSpan.FromSeconds(60), $"{jobs.Length} parked jobs");

    private static Task WaitForCompletedAsync(Guid[] ids, int timeoutSeconds = 60) => Eventually.WaitAsync(async () =>
    {
        await using var db = TestDatabase.Context(_connectionString);
        db.Tenant.UseAllApps();
        return await db.ServiceTasks.Where(t => ids.Contains(t.Id)).Select(t => new { t.Status, t.Attempts }).ToListAsync();
    }, tasks => tasks.Count == ids.Length && tasks.All(t => t.Status == ServiceTaskStatus.Completed && t.Attempts == 1),
        TimeSpan.FromSeconds(timeoutSeconds), $"{ids.Length} tasks COMPLETED after one attempt each");

    /// <summary>The job's states, oldest first.</summary>
    private static async Task<List<string>> StatesAsync(long job)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT name FROM hangfire.state WHERE jobid = $1 ORDER BY id", connection);
        command.Parameters.AddWithValue(job);
        var states = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) states.Add(reader.GetString(0));
        return states;
    }

    private static async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters) command.Parameters.AddWithValue(parameter);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<StandaloneSeed> SeedWhenReadyAsync()
    {
        using var probe = new HttpClient { BaseAddress = _host.BaseAddress };
        await Readiness.WaitReadyAsync(probe);
        return await StandaloneSeed.WriteAsync(_connectionString);
    }

    private static HttpClient Client(ServiceProcess host, string key)
    {
        var client = new HttpClient { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }
}
