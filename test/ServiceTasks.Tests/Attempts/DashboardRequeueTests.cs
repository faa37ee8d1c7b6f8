using System.Net;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceTasks.Tests.Attempts;

/// <summary>The dashboard's Requeue on a FAILED task's job is the task's manual retry, so the two never disagree.</summary>
[TestClass]
public sealed class DashboardRequeueTests
{
    private static TestApp _app = null!;

    [ClassInitialize]
    public static async Task CreateAppAsync(TestContext _) => _app = await TestHost.CreateAppAsync();

    [TestMethod]
    public async Task Requeue_OfAFailedTasksJob_RetriesTheTaskWithAFreshBudget()
    {
        var service = await TestServices.CreateAsync(_app, s => { s.MockDefinition = TestServices.AlwaysFails(503); s.MaxRetries = 1; });
        using var engine = _app.Engine();
        var taskId = await TestServices.EnqueueAsync(engine, service.Id);
        await TestServices.WaitForStatusAsync(engine, taskId, "FAILED");
        var jobId = await TestServices.HangfireJobIdAsync(taskId);

        // What the dashboard's Requeue button does on the Failed jobs page.
        var jobs = TestHost.Factory.Services.GetRequiredService<IBackgroundJobClient>();
        Assert.IsTrue(jobs.Requeue(jobId, FailedState.StateName));

        var task = await Eventually.WaitAsync(
            async () => await (await engine.GetAsync($"/api/service-tasks/{taskId}")).JsonAsync(HttpStatusCode.OK),
            t => t["status"]!.GetValue<string>() == "FAILED" && t["attempts"]!.GetValue<int>() == 4,
            TimeSpan.FromSeconds(30), "the requeued job to run a fresh budget of 2 attempts");
        Assert.AreEqual(4, task["executions"]!.AsArray().Count);
        // The task moves inside the job's run; Hangfire records the job's end just after.
        using var connection = TestHost.Factory.Services.GetRequiredService<JobStorage>().GetConnection();
        await Eventually.WaitAsync(() => Task.FromResult(connection.GetStateData(jobId).Name), s => s == FailedState.StateName,
            TimeSpan.FromSeconds(30), "the job to end as its task does");
    }

    [TestMethod]
    public async Task Requeue_OfAJobWhoseTaskWasRetriedThroughTheApi_LeavesTheTaskToItsNewJob()
    {
        var service = await TestServices.CreateAsync(_app, s => { s.MockDefinition = TestServices.AlwaysFails(503); s.MaxRetries = 0; });
        using var engine = _app.Engine();
        var taskId = await TestServices.EnqueueAsync(engine, service.Id);
        await TestServices.WaitForStatusAsync(engine, taskId, "FAILED");
        var oldJob = await TestServices.HangfireJobIdAsync(taskId);
        await (await engine.PostAsync($"/api/service-tasks/{taskId}/retry", null)).JsonAsync(HttpStatusCode.OK);
        await TestServices.WaitForStatusAsync(engine, taskId, "FAILED");
        // The Requeue button is on the Failed jobs page: the old job's end is recorded just after its task's.
        using var connection = TestHost.Factory.Services.GetRequiredService<JobStorage>().GetConnection();
        await Eventually.WaitAsync(() => Task.FromResult(connection.GetStateData(oldJob).Name), s => s == FailedState.StateName,
            TimeSpan.FromSeconds(30), "the old job to end as its task did");

        var jobs = TestHost.Factory.Services.GetRequiredService<IBackgroundJobClient>();
        Assert.IsTrue(jobs.Requeue(oldJob, FailedState.StateName));
        await Eventually.WaitAsync(() => Task.FromResult(connection.GetStateData(oldJob).Name), s => s == SucceededState.StateName,
            TimeSpan.FromSeconds(30), "the old job to end without an attempt");

        var task = await (await engine.GetAsync($"/api/service-tasks/{taskId}")).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual("FAILED", task["status"]!.GetValue<string>());
        Assert.AreEqual(2, task["attempts"]!.GetValue<int>());
    }
}
