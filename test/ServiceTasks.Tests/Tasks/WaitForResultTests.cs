using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ServiceTasks.Tests.Tasks;

/// <summary>
/// GET /api/service-tasks/{id}?wait_seconds=N: answers when the task turns terminal, or as it is when N runs out, with
/// one LISTEN connection per process instead of a connection or thread per waiting client. "Answers before the wait
/// runs out" is checked against a wait of 60 s: a waiter the NOTIFY never reached would answer only then.
/// </summary>
[TestClass]
public sealed class WaitForResultTests
{
    private static readonly TimeSpan WellBeforeTheWaitRunsOut = TimeSpan.FromSeconds(30);
    private static TestApp _app = null!;
    private static Guid _service;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task CreateAppAsync(TestContext _) => (_app, _service) = await TestServices.CreateAppWithServiceAsync();

    private static TaskCompletionSignals Signals(ServiceTasksFactory host) => host.Services.GetRequiredService<TaskCompletionSignals>();

    [TestMethod]
    [DataRow("-1")]
    [DataRow("61")]
    [DataRow("soon")]
    public async Task Get_WithWaitSecondsOutside0To60_Returns400NamingWaitSeconds(string value)
    {
        using var engine = _app.Engine();
        await (await engine.GetAsync($"/api/service-tasks/{Guid.NewGuid()}?wait_seconds={value}")).ProblemAsync(HttpStatusCode.BadRequest, "wait_seconds");
    }

    [TestMethod]
    public async Task Get_WithAnUnknownQueryParameter_Returns400NamingIt()
    {
        using var engine = _app.Engine();
        await (await engine.GetAsync($"/api/service-tasks/{Guid.NewGuid()}?wait=5")).ProblemAsync(HttpStatusCode.BadRequest, "wait");
    }

    [TestMethod]
    public async Task Get_WithWaitSeconds_AnswersTheCurrentStateWhenTheWaitRunsOut()
    {
        var task = await ParkedTaskAsync($"wf-{Guid.NewGuid():N}");
        using var engine = _app.Engine();
        var answer = await (await engine.GetAsync($"/api/service-tasks/{task.Id}?wait_seconds=1")).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual("PENDING", answer["status"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Get_WithWaitSeconds_ForAnotherAppsTask_Returns404()
    {
        var task = await ParkedTaskAsync($"wf-{Guid.NewGuid():N}");
        var other = await TestHost.CreateAppAsync();
        using var engine = other.Engine();
        Assert.AreEqual(HttpStatusCode.NotFound, (await engine.GetAsync($"/api/service-tasks/{task.Id}?wait_seconds=5")).StatusCode);
    }

    [TestMethod]
    public async Task Get_WithWaitSeconds_AnswersTheResultAsSoonAsARunningTaskCompletes()
    {
        var slow = await TestServices.CreateAsync(_app, s => s.MockDefinition = TestServices.AlwaysSucceeds() with { MinDelayMs = 1500, MaxDelayMs = 1500 });
        using var engine = _app.Engine();
        var taskId = await TestServices.EnqueueAsync(engine, slow.Id);

        var clock = Stopwatch.StartNew();
        var task = await (await engine.GetAsync($"/api/service-tasks/{taskId}?wait_seconds=60")).JsonAsync(HttpStatusCode.OK);

        Assert.AreEqual("COMPLETED", task["status"]!.GetValue<string>());
        Assert.AreEqual(1, task["executions"]!.AsArray().Count, "the answer is the full task, read after the wake-up");
        Assert.IsLessThan(WellBeforeTheWaitRunsOut, clock.Elapsed);
    }

    [TestMethod]
    public async Task TwoHundredWaiters_HoldNoConnectionEach_AndAllWakeWhenTheirInstanceIsCancelled()
    {
        const int waiters = 200;
        var instance = $"wf-{Guid.NewGuid():N}";
        var tasks = new List<ServiceTask>();
        for (var i = 0; i < waiters; i++) tasks.Add(await ParkedTaskAsync(instance, $"node-{i}"));
        using var engine = _app.Engine();
        var threadsBefore = Process.GetCurrentProcess().Threads.Count;

        var answers = tasks.Select(t => engine.GetAsync($"/api/service-tasks/{t.Id}?wait_seconds=60")).ToList();
        var signals = Signals(TestHost.Factory);
        await Eventually.WaitAsync(() => Task.FromResult(signals.WaitingTasks), n => n >= waiters, TimeSpan.FromSeconds(30), "every client to wait");
        // Other test classes share this database, so one sample can catch their work in flight. A waiter holding a
        // connection would hold it for its whole 60 s wait, so a single quiet moment is enough to rule that out.
        var busy = await Eventually.WaitAsync(() => BusyConnectionsAsync(TestHost.ConnectionString), n => n < 20,
            TimeSpan.FromSeconds(15), "a moment with fewer than 20 busy database connections while the clients wait");
        var threadsWaiting = Process.GetCurrentProcess().Threads.Count;
        TestContext.WriteLine($"{waiters} waiting: {busy} busy database connections, threads {threadsBefore} → {threadsWaiting}");
        Assert.IsGreaterThanOrEqualTo(waiters, signals.WaitingTasks, "every client is still waiting after the connections were counted");
        Assert.IsLessThan(threadsBefore + 50, threadsWaiting, "waiting clients hold no thread");

        var clock = Stopwatch.StartNew();
        var cancel = await (await engine.PostAsJsonAsync("/api/service-tasks/cancel", new { instance_id = instance })).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual(waiters, cancel["cancelled"]!.GetValue<int>());
        foreach (var response in await Task.WhenAll(answers))
            Assert.AreEqual("CANCELLED", (await response.JsonAsync(HttpStatusCode.OK))["status"]!.GetValue<string>());
        TestContext.WriteLine($"cancel → last of {waiters} answers: {clock.ElapsedMilliseconds} ms");
        Assert.IsLessThan(WellBeforeTheWaitRunsOut, clock.Elapsed);
    }

    /// <summary>A PENDING task whose next attempt is an hour away: it stays PENDING until the test finishes it.</summary>
    private static Task<ServiceTask> ParkedTaskAsync(string instance, string node = "n") =>
        TestServices.WriteTaskAsync(_app, _service, t =>
        {
            t.InstanceId = instance;
            t.TaskId = node;
            t.NextAttemptAt = DateTimeOffset.UtcNow.AddHours(1);
        });

    private static async Task<long> BusyConnectionsAsync(string connectionString)
    {
        await using var admin = new NpgsqlConnection(TestDatabase.Superuser(connectionString));
        await admin.OpenAsync();
        await using var count = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state NOT IN ('idle')", admin);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
