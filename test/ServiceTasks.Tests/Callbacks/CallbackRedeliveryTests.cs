using System.Net;
using static ServiceTasks.Tests.Callbacks.CallbackTesting;

namespace ServiceTasks.Tests.Callbacks;

/// <summary>POST /api/service-tasks/{id}/callback: one more delivery of a finished task's last outcome, recorded like any.</summary>
[TestClass]
public sealed class CallbackRedeliveryTests
{
    private static LoopbackServer _receiver = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => _receiver = await LoopbackServer.StartAsync();

    [ClassCleanup]
    public static async Task StopAsync() => await _receiver.DisposeAsync();

    [TestMethod]
    public async Task Redeliver_OfADeliveredOutcome_SendsItAgainUnderANewWebhookId_AndRecordsIt()
    {
        var path = "/hook-" + Guid.NewGuid().ToString("N");
        _receiver.Reply(path, new LoopbackResponse(204));
        var (app, service) = await TestServices.CreateAppWithServiceAsync();
        using var engine = app.Engine();
        var taskId = await TestServices.EnqueueAsync(engine, service, callbackUrl: _receiver.Url(path));
        await Eventually.WaitAsync(() => DeliveriesAsync(taskId), d => d.Count == 1, TimeSpan.FromSeconds(30), "the first delivery");

        var answer = await (await engine.PostAsync($"/api/service-tasks/{taskId}/callback", null)).JsonAsync(HttpStatusCode.Accepted);
        Assert.AreEqual("COMPLETED", answer["status"]!.GetValue<string>());

        var deliveries = await Eventually.WaitAsync(() => DeliveriesAsync(taskId), d => d.Count == 2, TimeSpan.FromSeconds(30), "the redelivery");
        Assert.IsTrue(deliveries.All(d => d.Succeeded));
        Assert.AreNotEqual(deliveries[0].DeliveryId, deliveries[1].DeliveryId, "a new sequence, with its own webhook-id");
        var requests = _receiver.RequestsTo(path);
        Assert.HasCount(2, requests);
        Assert.AreEqual(requests[0].Body, requests[1].Body, "the same outcome");
        Assert.IsTrue(Verify(app.CallbackSecret, requests[1], DateTimeOffset.UtcNow));
        var task = await (await engine.GetAsync($"/api/service-tasks/{taskId}")).JsonAsync(HttpStatusCode.OK);
        Assert.HasCount(2, task["callback_deliveries"]!.AsArray());
    }

    [TestMethod]
    public async Task Redeliver_OfAnUnfinishedTask_Returns409()
    {
        var app = await TestHost.CreateAppAsync(callbackUrl: _receiver.Url("/unused"));
        var task = await InsertTaskAsync(app.AppUuid, ServiceTaskStatus.Pending);
        using var admin = app.Admin();
        await (await admin.PostAsync($"/api/service-tasks/{task.Id}/callback", null)).ProblemAsync(HttpStatusCode.Conflict);
    }

    [TestMethod]
    public async Task Redeliver_OfATaskWithNoCallbackUrl_Returns409()
    {
        var app = await TestHost.CreateAppAsync();
        var task = await InsertTaskAsync(app.AppUuid);
        using var admin = app.Admin();
        await (await admin.PostAsync($"/api/service-tasks/{task.Id}/callback", null)).ProblemAsync(HttpStatusCode.Conflict);
    }

    [TestMethod]
    public async Task Redeliver_OfAnotherAppsTask_Returns404()
    {
        var owner = await TestHost.CreateAppAsync(callbackUrl: _receiver.Url("/unused"));
        var task = await InsertTaskAsync(owner.AppUuid);
        using var other = (await TestHost.CreateAppAsync()).Engine();
        Assert.AreEqual(HttpStatusCode.NotFound, (await other.PostAsync($"/api/service-tasks/{task.Id}/callback", null)).StatusCode);
    }
}
