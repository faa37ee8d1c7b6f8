using System.Net;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceTasks.Tests.Attempts;

[TestClass]
public sealed class TaskExecutionTests
{
    private static TestApp _app = null!;

    [ClassInitialize]
    public static async Task CreateAppAsync(TestContext _) => _app = await TestHost.CreateAppAsync();

    [TestMethod]
    public async Task Enqueue_MockService_CompletesWithFilledOutputAndOneSuccessLog()
    {
        var service = await TestServices.CreateAsync(_app, s => s.MockDefinition = TestServices.AlwaysSucceeds("""{"greeting": "Hello {{input.name}}"}"""));
        using var engine = _app.Engine();

        var taskId = await TestServices.EnqueueAsync(engine, service.Id, new { name = "Ada" });
        var task = await TestServices.WaitForStatusAsync(engine, taskId, "COMPLETED");

        Assert.AreEqual("Hello Ada", task["output_data"]!["greeting"]!.GetValue<string>());
        Assert.AreEqual(1, task["attempts"]!.GetValue<int>());
        var executions = task["executions"]!.AsArray();
        Assert.HasCount(1, executions);
        Assert.AreEqual("SUCCESS", executions[0]!["status"]!.GetValue<string>());
        Assert.AreEqual(0, executions[0]!["retry_attempt"]!.GetValue<int>());
        Assert.IsNotNull(task["completed_at"]);
    }

    [TestMethod]
    public async Task Enqueue_AlwaysFailingService_MakesExactlyMaxRetriesPlusOneAttempts_ThroughHangfireRetries()
    {
        var service = await TestServices.CreateAsync(_app, s => { s.MockDefinition = TestServices.AlwaysFails(503); s.MaxRetries = 2; });
        using var engine = _app.Engine();

        var taskId = await TestServices.EnqueueAsync(engine, service.Id);
        var task = await TestServices.WaitForStatusAsync(engine, taskId, "FAILED");

        Assert.AreEqual(3, task["attempts"]!.GetValue<int>());
        var attempts = task["executions"]!.AsArray().Select(e => e!["retry_attempt"]!.GetValue<int>()).ToArray();
        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, attempts);
        StringAssert.Contains(task["error_message"]!.GetValue<string>(), "gave up after 3 attempts");

        using var connection = TestHost.Factory.Services.GetRequiredService<JobStorage>().GetConnection();
        var jobId = await TestServices.HangfireJobIdAsync(taskId);
        Assert.AreEqual("2", connection.GetJobParameter(jobId, "RetryCount"), "Hangfire's own RetryCount follows the attempts.");
        // The task fails inside the job's run; Hangfire records the job's Failed just after.
        await Eventually.WaitAsync(() => Task.FromResult(connection.GetStateData(jobId).Name), s => s == "Failed",
            TimeSpan.FromSeconds(30), "the job to end as its task did");
    }

    [TestMethod]
    public async Task Retry_WhoseJobArrivesBeforeItIsDue_WaitsForItsDueTime()
    {
        // Hangfire enqueues a schedule up to a second early (it compares whole seconds), so a retry's job can start
        // before the task's next_attempt_at. Here the job is enqueued at once for a task due 1.5 s from now.
        var service = await TestServices.CreateAsync(_app, s => s.MockDefinition = TestServices.AlwaysSucceeds());
        var now = DateTimeOffset.UtcNow;
        var task = new ServiceTask
        {
            Id = Guid.CreateVersion7(), AppUuid = _app.AppUuid, InstanceId = $"wf-{Guid.NewGuid():N}", TaskId = "early",
            ServiceConfigId = service.Id, ConfigVersion = service.Version, IdempotencyKey = Guid.NewGuid().ToString(),
            RequestHash = "-", CreatedAt = now, NextAttemptAt = now.AddSeconds(1.5),
        };
        await using (var scope = TestHost.DbScope(out var db))
        {
            db.ServiceTasks.Add(task);
            await db.SaveChangesAsync();
        }
        TestHost.Factory.Services.GetRequiredService<IBackgroundJobClient>()
            .Enqueue<ServiceTaskJob>(j => j.RunAsync(task.Id, null, CancellationToken.None));
        using var engine = _app.Engine();

        var done = await TestServices.WaitForStatusAsync(engine, task.Id, "COMPLETED");

        var attemptAt = done["executions"]![0]!["created_at"]!.GetValue<DateTimeOffset>();
        Assert.IsGreaterThanOrEqualTo(task.NextAttemptAt.Value, attemptAt, "The attempt ran before it was due.");
    }

    [TestMethod]
    [DataRow(404)]
    [DataRow(401)]
    public async Task Enqueue_ServiceAnsweringNonRetryable4xx_FailsAfterOneAttempt(int status)
    {
        var service = await TestServices.CreateAsync(_app, s => { s.MockDefinition = TestServices.AlwaysFails(status); s.MaxRetries = 3; });
        using var engine = _app.Engine();

        var task = await TestServices.WaitForStatusAsync(engine, await TestServices.EnqueueAsync(engine, service.Id), "FAILED");
        Assert.AreEqual(1, task["attempts"]!.GetValue<int>());
        Assert.AreEqual(status, task["executions"]![0]!["http_status_code"]!.GetValue<int>());
    }

    [TestMethod]
    public async Task Enqueue_TimeoutScenario_IsLoggedAsTimeoutAfterTheConfiguredTimeout()
    {
        var service = await TestServices.CreateAsync(_app, s =>
        {
            s.MockDefinition = TestServices.AlwaysFails(504, name: "Timeout");
            s.TimeoutSeconds = 1;
            s.MaxRetries = 0;
        });
        using var engine = _app.Engine();

        var task = await TestServices.WaitForStatusAsync(engine, await TestServices.EnqueueAsync(engine, service.Id), "FAILED");
        var execution = task["executions"]![0]!;
        Assert.AreEqual("TIMEOUT", execution["status"]!.GetValue<string>());
        Assert.IsGreaterThanOrEqualTo(950, execution["execution_time_ms"]!.GetValue<int>(), "A timeout lasts the configured timeout.");
    }

    [TestMethod]
    public async Task Enqueue_WhenTheDeadlineWouldPassBeforeTheNextRetry_FailsWithAClearMessage()
    {
        var service = await TestServices.CreateAsync(_app, s =>
        {
            s.MockDefinition = TestServices.AlwaysFails(503);
            s.MaxRetries = 10;
            s.RetryPolicy = new RetryPolicy { InitialDelaySeconds = 3, Multiplier = 1, MaxDelaySeconds = 3, Jitter = "none", DeadlineSeconds = 1 };
        });
        using var engine = _app.Engine();

        var task = await TestServices.WaitForStatusAsync(engine, await TestServices.EnqueueAsync(engine, service.Id), "FAILED");
        Assert.AreEqual(1, task["attempts"]!.GetValue<int>());
        StringAssert.Contains(task["error_message"]!.GetValue<string>(), "deadline of 1 s");
    }
}
