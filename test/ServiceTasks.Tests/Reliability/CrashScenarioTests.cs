using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Tests.Reliability;

/// <summary>
/// The crash an operator fears (docs/reliability.md, "Crashes under a backlog"): REAL tasks to a loopback API that
/// answers in 0–300 ms and fails one call in five with 500, MOCK tasks beside them, a backlog kept full by the engine,
/// and kill -9 of worker processes in the middle of downstream calls. Every attempt must leave a row, no interrupted
/// attempt may be charged, orphaned jobs must run again within their timeout although the backlog never empties,
/// and callbacks must overtake the backlog.
/// </summary>
// Alone, after the parallel classes: its processes would otherwise starve the others' timeouts, and theirs its bounds.
[TestClass]
[DoNotParallelize]
public sealed partial class CrashScenarioTests
{
    private const int InvisibilityTimeoutSeconds = 10;

    // The sweep runs every 15 s, so an orphan waits at most timeout + 15 s, plus a margin for a worker to free up and for
    // a 2-core machine running the rest of the suite beside this scenario (41.6 s was seen there with a 10 s margin).
    private static readonly TimeSpan OrphanDelayLimit = TimeSpan.FromSeconds(InvisibilityTimeoutSeconds + 15 + 30);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public Task KillNineDuringCalls_UnderAFullBacklog_LogsEveryAttempt_ChargesNoInterruption_AndKeepsOrphansAndCallbacksOnTime() =>
        RunAsync(new CrashScenario("crash", Threads: 4, Backlog: 120, Kills: 1));

    [TestMethod]
    [TestCategory("Slow")]
    public Task ThreeKillsOfWorkers_UnderABacklogOfHundreds_LogEveryAttempt_ChargeNoInterruption_AndKeepOrphansAndCallbacksOnTime() =>
        RunAsync(new CrashScenario("crash-big", Threads: 10, Backlog: 600, Kills: 3));

    private async Task RunAsync(CrashScenario scenario)
    {
        await using var downstream = await LoopbackServer.StartAsync();
        var api = new IdempotentApi();
        downstream.Handle("/api", api.Answer);
        await using var cluster = await FaultCluster.StartAsync(await TestDatabase.CreateAsync(scenario.Name), workers: 2,
            threadsPerWorker: scenario.Threads, minDelayMs: 0, maxDelayMs: 300, invisibilityTimeoutSeconds: InvisibilityTimeoutSeconds);
        var callbacks = new CallbackClock();
        cluster.Receiver.Handle("/hook", callbacks.Record);
        var real = await CreateRealServiceAsync(cluster, downstream.Url("/api"));

        using var feeding = new CancellationTokenSource();
        var feeder = new BacklogFeeder(cluster, i => i % 2 == 0 ? real : cluster.ServiceId, scenario.Backlog);
        var feed = feeder.RunAsync(feeding.Token);
        var orphans = new List<(DateTimeOffset KilledAt, long LogId)>();
        for (var kill = 0; kill < scenario.Kills; kill++)
        {
            var victim = cluster.Workers[0];
            await Eventually.WaitAsync(() => Task.FromResult(api.Calls), n => n >= 20 * (kill + 1), TimeSpan.FromMinutes(2), "REAL calls under way");
            // Killed the moment it holds attempts: most of a job's time is Hangfire's fetch and state changes.
            await Eventually.WaitAsync(async () => (await OpenRowsOfAsync(cluster, victim.Id)).Count, n => n >= 2,
                TimeSpan.FromMinutes(1), "the worker to be in the middle of attempts");
            var killedAt = DateTimeOffset.UtcNow;
            victim.KillHard();
            orphans.AddRange((await OpenRowsOfAsync(cluster, victim.Id)).Select(id => (killedAt, id)));
            cluster.Workers.RemoveAt(0);
            cluster.Killed.Add(victim);
            // Restarted as a service manager would; it may take a while to start on a loaded machine, and the orphans
            // must not wait for it: the other worker takes them.
            cluster.Workers.Add(cluster.Launch("worker"));
        }
        await Eventually.WaitAsync(() => StillRunningAsync(cluster, orphans.Select(o => o.LogId)), n => n == 0,
            OrphanDelayLimit + TimeSpan.FromSeconds(60), "every attempt of a killed worker to be run again");
        var backlogWhenOrphansRan = await cluster.CountAsync(q => q.Where(t => t.Status == ServiceTaskStatus.Pending && t.Attempts == 0));
        await feeding.CancelAsync();
        var enqueued = await feed;
        await cluster.WaitAllTerminalAsync(enqueued, TimeSpan.FromMinutes(5));
        await Eventually.WaitAsync(() => Task.FromResult(callbacks.Count), n => n == enqueued, TimeSpan.FromMinutes(2), "a callback for every task");

        var report = await CrashReport.BuildAsync(cluster, api, callbacks, orphans);
        TestContext.WriteLine($"{scenario.Name}: {enqueued} tasks, {scenario.Kills} kill -9, backlog when the orphans ran {backlogWhenOrphansRan}; {report}");

        Assert.AreEqual(enqueued, report.Terminal, "no task lost");
        Assert.AreEqual(0, report.TasksWithAttemptsUnlike.Count, $"attempts = log rows for every task: {string.Join(", ", report.TasksWithAttemptsUnlike)}");
        Assert.AreEqual(0, report.KeysOfNoTask, "every downstream call carries its task's id as Idempotency-Key, re-runs included");
        Assert.AreEqual(0, report.UnloggedCalls, "every downstream call has its attempt's row");
        Assert.AreEqual(0, report.FailedAfter2xx.Count, $"no task FAILED whose downstream answered 2xx: {string.Join(", ", report.FailedAfter2xx)}");
        Assert.AreEqual(0, report.ChargedForInterrupted, "no FAILED task had fewer answered attempts than its budget");
        Assert.IsGreaterThan(0, report.Interrupted, "the kills interrupted attempts (else this test proved nothing)");
        Assert.IsGreaterThan(0, backlogWhenOrphansRan, "the backlog was still waiting when the orphans ran");
        Assert.IsLessThanOrEqualTo(OrphanDelayLimit.TotalSeconds, report.OrphanDelayMaxSeconds, "orphans ran within the timeout + the sweep's period + a margin");
        Assert.IsLessThanOrEqualTo(5.0, report.CallbackP95Seconds, "callbacks overtake the backlog");
        var warned = WarnedInterruptions(cluster);
        CollectionAssert.IsSubsetOf(report.InterruptedAttempts.ToList(), warned.ToList(), "a Warning for every interrupted attempt");
    }

    private static async Task<Guid> CreateRealServiceAsync(FaultCluster cluster, string url)
    {
        var service = await (await cluster.Admin.PostAsJsonAsync("/api/services", new
        {
            service_name = "flaky-api", service_type = "REAL", endpoint_url = url, http_method = "POST", timeout_seconds = 10,
            max_retries = 3, retry_policy = new { initial_delay_seconds = 0.5, multiplier = 1, max_delay_seconds = 1, jitter = "none" },
        })).JsonAsync(HttpStatusCode.Created);
        return Guid.Parse(service["id"]!.GetValue<string>());
    }

    /// <summary>The rows a killed process left RUNNING: its Hangfire server id holds its process id.</summary>
    private static async Task<List<long>> OpenRowsOfAsync(FaultCluster cluster, int pid)
    {
        await using var db = TestDatabase.Context(cluster.ConnectionString);
        db.Tenant.UseAllApps();
        var marker = $":{pid}:";
        return await db.ServiceExecutionLogs.Where(l => l.Status == ExecutionStatus.Running && l.ServerId!.Contains(marker))
            .Select(l => l.Id).ToListAsync();
    }

    private static async Task<int> StillRunningAsync(FaultCluster cluster, IEnumerable<long> ids)
    {
        var list = ids.ToList();
        await using var db = TestDatabase.Context(cluster.ConnectionString);
        db.Tenant.UseAllApps();
        return await db.ServiceExecutionLogs.CountAsync(l => list.Contains(l.Id) && l.Status == ExecutionStatus.Running);
    }

    /// <summary>
    /// (task, attempt index) of every Warning that closed an attempt as INTERRUPTED, in any process's output; the line
    /// counts attempts from 1, the log rows' retry_attempt from 0.
    /// </summary>
    private static HashSet<string> WarnedInterruptions(FaultCluster cluster) =>
        cluster.Workers.Concat(cluster.Killed).Concat([cluster.Api]).SelectMany(p => p.Lines)
            .Select(l => InterruptedWarning().Match(l)).Where(m => m.Success)
            .Select(m => $"{m.Groups[2].Value}/{int.Parse(m.Groups[1].Value) - 1}").ToHashSet();

    [GeneratedRegex(@"Attempt (\d+) of task ([0-9a-f-]{36}) \(started .*Closed as INTERRUPTED")]
    private static partial Regex InterruptedWarning();
}
