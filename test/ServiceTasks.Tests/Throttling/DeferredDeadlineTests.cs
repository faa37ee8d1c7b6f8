using System.Net;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Tests.Throttling;

[TestClass]
public sealed class DeferredDeadlineTests
{
    [TestMethod]
    public async Task DeadlinePassingWhileWaitingForASlot_FailsTheTaskNamingTheWait_WithoutAnAttempt()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Handle("/busy", new InFlightProbe(TimeSpan.FromSeconds(6)).Handle);
        var app = await TestHost.CreateAppAsync();
        using var engine = app.Engine();
        var service = await TestServices.CreateAsync(app, s =>
        {
            (s.ServiceType, s.EndpointUrl, s.HttpMethod, s.MockDefinition, s.TimeoutSeconds) = (ServiceTypes.Real, server.Url("/busy"), "POST", null, 10);
            s.MaxConcurrency = 1;
            s.RetryPolicy = TestServices.QuickRetries(deadlineSeconds: 3);
        });

        var holder = await TestServices.EnqueueAsync(engine, service.Id);
        await Eventually.WaitAsync(async () => await (await engine.GetAsync($"/api/service-tasks/{holder}")).JsonAsync(HttpStatusCode.OK),
            t => t["status"]!.GetValue<string>() == "RUNNING", TimeSpan.FromSeconds(20), "the first task to hold the slot");
        var waiter = await TestServices.EnqueueAsync(engine, service.Id);

        var failed = await TestServices.WaitForStatusAsync(engine, waiter, "FAILED", timeoutSeconds: 30);
        Assert.AreEqual("Deadline of 3 s passed while waiting for a concurrency slot.", failed["error_message"]!.GetValue<string>());
        Assert.AreEqual(0, failed["attempts"]!.GetValue<int>());
        Assert.IsEmpty(failed["executions"]!.AsArray());
        await TestServices.WaitForStatusAsync(engine, holder, "COMPLETED", timeoutSeconds: 30);
    }
}
