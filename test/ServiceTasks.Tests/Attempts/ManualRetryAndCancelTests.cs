using System.Net;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceTasks.Tests.Attempts;

/// <summary>The engine's two hands on a running task: a manual retry of a failed one, a cancel of one waiting to retry.</summary>
[TestClass]
public sealed class ManualRetryAndCancelTests
{
    private static TestApp _app = null!;

    [ClassInitialize]
    public static async Task CreateAppAsync(TestContext _) => _app = await TestHost.CreateAppAsync();

    [TestMethod]
    public async Task Retry_OfAFailedTask_RunsAFreshBudget_AndAttemptsKeepCounting()
    {
        var service = await TestServices.CreateAsync(_app, s => { s.MockDefinition = TestServices.AlwaysFails(503); s.MaxRetries = 1; });
        using var engine = _app.Engine();
        var taskId = await TestServices.EnqueueAsync(engine, service.Id);
        await TestServices.WaitForStatusAsync(engine, taskId, "FAILED");

        var retried = await (await engine.PostAsync($"/api/service-tasks/{taskId}/retry", null)).JsonAsync(HttpStatusCode.OK);
        CollectionAssert.Contains(new[] { "PENDING", "RUNNING" }, retried["status"]!.GetValue<string>());
        var task = await TestServices.WaitForStatusAsync(engine, taskId, "FAILED");

        Assert.AreEqual(4, task["attempts"]!.GetValue<int>());
        await (await engine.PostAsync($"/api/service-tasks/{taskId}/cancel", null)).ProblemAsync(HttpStatusCode.Conflict);
    }

    [TestMethod]
    public async Task Cancel_OfATaskWaitingForARetry_CancelsIt_AndNoMoreAttemptsRun()
    {
        var service = await TestServices.CreateAsync(_app, s =>
        {
            s.MockDefinition = TestServices.AlwaysFails(503);
            s.MaxRetries = 5;
            s.RetryPolicy = new RetryPolicy { InitialDelaySeconds = 30, Multiplier = 1, MaxDelaySeconds = 30, Jitter = "none" };
        });
        using var engine = _app.Engine();
        var taskId = await TestServices.EnqueueAsync(engine, service.Id);
        await Eventually.WaitAsync(async () => await (await engine.GetAsync($"/api/service-tasks/{taskId}")).JsonAsync(HttpStatusCode.OK),
            t => t["next_attempt_at"] is not null, TimeSpan.FromSeconds(30), "a retry to be scheduled");

        var cancelled = await (await engine.PostAsync($"/api/service-tasks/{taskId}/cancel", null)).JsonAsync(HttpStatusCode.OK);

        Assert.AreEqual("CANCELLED", cancelled["status"]!.GetValue<string>());
        Assert.IsNull(cancelled["next_attempt_at"]);
        await (await engine.PostAsync($"/api/service-tasks/{taskId}/retry", null)).ProblemAsync(HttpStatusCode.Conflict);
        using var connection = TestHost.Factory.Services.GetRequiredService<JobStorage>().GetConnection();
        Assert.AreEqual("Deleted", connection.GetStateData(await TestServices.HangfireJobIdAsync(taskId)).Name);
    }
}
