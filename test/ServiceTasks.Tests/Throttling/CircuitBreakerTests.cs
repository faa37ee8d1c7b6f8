using System.Net;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Tests.Throttling;

[TestClass]
public sealed class CircuitBreakerTests
{
    [TestMethod]
    public async Task Breaker_OpensAfterThreshold_CallsNothingWhileOpen_OneTrialReopensThenOneClosesIt()
    {
        await using var server = await LoopbackServer.StartAsync();
        // Calls 0-3 fail (three to open it, then the first trial); the server has recovered from call 4 on.
        var probe = new InFlightProbe(TimeSpan.Zero, call => call < 4 ? LoopbackResponse.Text("down", 500) : LoopbackResponse.Json(new { ok = true }));
        server.Handle("/flaky", probe.Handle);
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        using var engine = app.Engine();
        var service = await TestServices.CreateAsync(app, s =>
        {
            (s.ServiceType, s.EndpointUrl, s.HttpMethod, s.MockDefinition, s.MaxRetries) = (ServiceTypes.Real, server.Url("/flaky"), "POST", null, 0);
            s.CircuitBreaker = new CircuitBreakerSettings { FailureThreshold = 3, BreakSeconds = 3 };
        });

        Assert.AreEqual("closed", await CircuitStateAsync(admin, service.Id));
        for (var i = 0; i < 3; i++) await TestServices.WaitForStatusAsync(engine, await TestServices.EnqueueAsync(engine, service.Id), "FAILED");
        Assert.AreEqual("open", await CircuitStateAsync(admin, service.Id));
        var openedUntil = await OpenedUntilAsync(service.Id);

        var waiting = new[] { await TestServices.EnqueueAsync(engine, service.Id), await TestServices.EnqueueAsync(engine, service.Id),
            await TestServices.EnqueueAsync(engine, service.Id) };
        var finished = new List<string>();
        foreach (var id in waiting)
        {
            var task = await Eventually.WaitAsync(async () => await (await engine.GetAsync($"/api/service-tasks/{id}")).JsonAsync(HttpStatusCode.OK),
                t => t["status"]!.GetValue<string>() is "COMPLETED" or "FAILED", TimeSpan.FromSeconds(45), $"task {id} to finish");
            Assert.AreEqual(1, task["attempts"]!.GetValue<int>(), "waiting on the breaker is not an attempt");
            finished.Add(task["status"]!.GetValue<string>());
        }

        Assert.AreEqual(1, finished.Count(s => s == "FAILED"), "one trial failed and opened it again");
        Assert.AreEqual(2, finished.Count(s => s == "COMPLETED"));
        var arrivals = probe.Arrivals;
        Assert.HasCount(6, arrivals, "3 failures, a failed trial, a successful trial, then the last task");
        Assert.IsGreaterThanOrEqualTo(openedUntil, arrivals[3], "no call while the circuit is open");
        Assert.IsGreaterThanOrEqualTo(TimeSpan.FromSeconds(2.9), arrivals[4] - arrivals[3], "the failed trial opened it for break_seconds");
        Assert.AreEqual("closed", await CircuitStateAsync(admin, service.Id));
    }

    [TestMethod]
    public async Task Patch_SettingCircuitState_Returns400NamingIt_AndWritesNothing()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        var service = await TestServices.CreateAsync(app, s => s.CircuitBreaker = new CircuitBreakerSettings());

        var response = await admin.PatchAsync($"/api/services/{service.Id}",
            new StringContent("""{"circuit_state": "open"}""", System.Text.Encoding.UTF8, "application/merge-patch+json"));
        await response.ProblemAsync(HttpStatusCode.BadRequest, "circuit_state");

        var same = await admin.PatchAsync($"/api/services/{service.Id}",
            new StringContent("""{"circuit_state": "closed", "description": "x"}""", System.Text.Encoding.UTF8, "application/merge-patch+json"));
        var patched = await same.JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual("closed", patched["circuit_state"]!.GetValue<string>());
        Assert.AreEqual(2, patched["version"]!.GetValue<int>());
    }

    private static async Task<string> CircuitStateAsync(HttpClient admin, Guid serviceId) =>
        (await (await admin.GetAsync($"/api/services/{serviceId}")).JsonAsync(HttpStatusCode.OK))["circuit_state"]!.GetValue<string>();

    private static async Task<DateTime> OpenedUntilAsync(Guid serviceId)
    {
        await using var scope = TestHost.DbScope(out var db);
        var state = await db.Set<ServiceCircuitState>().AsNoTracking().SingleAsync(c => c.ServiceConfigId == serviceId);
        return state.OpenedUntil!.Value.UtcDateTime;
    }
}
