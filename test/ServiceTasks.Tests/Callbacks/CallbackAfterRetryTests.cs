using System.Net;
using System.Text.Json.Nodes;
using Hangfire;
using Hangfire.Server;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceTasks.Tests.Callbacks;

/// <summary>
/// Every terminal outcome of a task gets a callback sequence of its own: the callback job of an earlier outcome that
/// runs again (its own retry) while a manually retried task runs, or after it finished again, neither takes nor blocks
/// the callback of the new outcome. The stale job is run by hand at the chosen moment; the second attempt is held open
/// by the downstream until the test lets it answer.
/// </summary>
[TestClass]
public sealed class CallbackAfterRetryTests
{
    [TestMethod]
    public async Task StaleCallbackJob_RunDuringAManualRetry_NeitherTakesNorBlocksTheNewOutcomesCallback()
    {
        await using var receiver = await LoopbackServer.StartAsync();
        receiver.Reply("/hook", new LoopbackResponse(200));
        using var secondAttemptMayAnswer = new ManualResetEventSlim(false);
        await using var downstream = await LoopbackServer.StartAsync();
        downstream.Handle("/svc", (_, call) =>
        {
            if (call == 1) secondAttemptMayAnswer.Wait(TimeSpan.FromSeconds(60));
            return new LoopbackResponse(404);
        });
        var app = await TestHost.CreateAppAsync(callbackUrl: receiver.Url("/hook"));
        var service = await TestServices.CreateAsync(app, s =>
        {
            s.ServiceType = ServiceTypes.Real;
            s.MockDefinition = null;
            s.EndpointUrl = downstream.Url("/svc");
            s.HttpMethod = "POST";
            s.MaxRetries = 0;
        });
        using var engine = app.Engine();
        var id = await TestServices.EnqueueAsync(engine, service.Id);
        await WaitForFailedAsync(engine, id, attempts: 1);
        var first = (await CallbacksAsync(receiver, 1))[0];
        var staleJob = await CallbackJobIdAsync(id);

        (await engine.PostAsync($"/api/service-tasks/{id}/retry", null)).EnsureSuccessStatusCode();
        await Eventually.WaitAsync(() => Task.FromResult(downstream.RequestsTo("/svc").Count), n => n == 2,
            TimeSpan.FromSeconds(30), "the second attempt to reach the downstream");
        await RunByHandAsync(staleJob); // outcome 1's job retries while the task runs again
        Assert.IsNull(await CallbackJobIdAsync(id), "the stale job must not take the new outcome's callback slot");
        secondAttemptMayAnswer.Set();

        await WaitForFailedAsync(engine, id, attempts: 2);
        var second = (await CallbacksAsync(receiver, 2))[1];
        Assert.AreEqual(2, JsonNode.Parse(second.Body)!["attempts"]!.GetValue<int>());
        Assert.AreNotEqual(first.Header("webhook-id"), second.Header("webhook-id"), "a new outcome is a new delivery");

        await RunByHandAsync(staleJob); // and once more after the new outcome: it sends nothing
        Assert.HasCount(2, receiver.RequestsTo("/hook"));
    }

    private static Task WaitForFailedAsync(HttpClient engine, Guid id, int attempts) =>
        Eventually.WaitAsync(async () => await (await engine.GetAsync($"/api/service-tasks/{id}")).JsonAsync(HttpStatusCode.OK),
            t => t["status"]!.GetValue<string>() == "FAILED" && t["attempts"]!.GetValue<int>() == attempts,
            TimeSpan.FromSeconds(60), $"task {id} to fail after {attempts} attempts");

    private static Task<IReadOnlyList<LoopbackRequest>> CallbacksAsync(LoopbackServer receiver, int count) =>
        Eventually.WaitAsync(() => Task.FromResult(receiver.RequestsTo("/hook")), r => r.Count >= count,
            TimeSpan.FromSeconds(60), $"callback {count}");

    private static async Task<string?> CallbackJobIdAsync(Guid taskId)
    {
        await using var scope = TestHost.DbScope(out var db);
        return await db.ServiceTasks.Where(t => t.Id == taskId).Select(t => t.CallbackJobId).SingleAsync();
    }

    /// <summary>Performs a stored callback job now, as a worker would: its own arguments and a real PerformContext.</summary>
    private static async Task RunByHandAsync(string? jobId)
    {
        Assert.IsNotNull(jobId);
        var storage = TestHost.Factory.Services.GetRequiredService<JobStorage>();
        using var connection = storage.GetConnection();
        var data = connection.GetJobData(jobId);
        var context = new PerformContext(storage, connection, new BackgroundJob(jobId, data.Job, data.CreatedAt), new JobCancellationToken(false));
        var parameters = data.Job.Method.GetParameters();
        var args = data.Job.Args.Select((arg, i) => parameters[i].ParameterType == typeof(PerformContext) ? context : arg).ToArray();
        await (Task)data.Job.Method.Invoke(TestHost.Factory.Services.GetRequiredService<CallbackJob>(), args)!;
    }
}
