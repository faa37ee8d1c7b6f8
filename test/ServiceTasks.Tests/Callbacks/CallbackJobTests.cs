using System.Text.Json.Nodes;
using static ServiceTasks.Tests.Callbacks.CallbackTesting;

namespace ServiceTasks.Tests.Callbacks;

[TestClass]
public sealed class CallbackJobTests
{
    private static LoopbackServer _receiver = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => _receiver = await LoopbackServer.StartAsync();

    [ClassCleanup]
    public static async Task StopAsync() => await _receiver.DisposeAsync();

    private static string Path() => "/hook-" + Guid.NewGuid().ToString("N");

    [TestMethod]
    public async Task Deliver_PostsThePayload_SignedAsStandardWebhooks()
    {
        var path = Path();
        _receiver.Reply(path, new LoopbackResponse(204));
        var app = await TestHost.CreateAppAsync(callbackUrl: _receiver.Url(path));
        var task = await InsertTaskAsync(app.AppUuid);
        var deliveryId = Guid.NewGuid();

        await Job.DeliverAsync(task.Id, deliveryId, null);

        var request = _receiver.RequestsTo(path).Single();
        Assert.AreEqual("POST", request.Method);
        StringAssert.StartsWith(request.Header("Content-Type"), "application/json");
        Assert.AreEqual(deliveryId.ToString(), request.Header("webhook-id"));
        Assert.IsTrue(Verify(app.CallbackSecret, request, DateTimeOffset.UtcNow), "The signature must verify.");
        Assert.IsFalse(Verify(app.CallbackSecret, request with { Body = request.Body.Replace("21.5", "99") }, DateTimeOffset.UtcNow),
            "A tampered body must not verify.");
        Assert.IsFalse(Verify(CallbackSecrets.Create(), request, DateTimeOffset.UtcNow), "Another app's secret must not verify.");

        var expected = JsonNode.Parse($$"""
            {"service_task_id":"{{task.Id}}","instance_id":"{{task.InstanceId}}","task_id":"node-7",
             "service_config_id":"{{task.ServiceConfigId}}","status":"COMPLETED","output_data":{"temp":21.5},
             "error_message":null,"attempts":2,"completed_at":"{{task.CompletedAt!.Value:yyyy-MM-ddTHH:mm:ss.fff}}+00:00"}
            """);
        var received = JsonNode.Parse(request.Body)!;
        Assert.AreEqual(task.CompletedAt, DateTimeOffset.Parse(received["completed_at"]!.GetValue<string>()));
        received["completed_at"] = expected!["completed_at"]!.DeepClone();
        Assert.IsTrue(JsonNode.DeepEquals(expected, received), request.Body);

        var delivery = (await DeliveriesAsync(task.Id)).Single();
        Assert.IsTrue(delivery.Succeeded);
        Assert.AreEqual(1, delivery.Attempt);
        Assert.AreEqual(204, delivery.StatusCode);
        Assert.AreEqual(deliveryId, delivery.DeliveryId);
        Assert.AreEqual(_receiver.Url(path), delivery.Url);
        Assert.AreEqual(app.AppUuid, delivery.AppUuid);
        Assert.IsNull(delivery.Error);
    }

    [TestMethod]
    public async Task TaskCallbackUrl_WinsOverTheAppUrl_AndFailedTasksCarryTheirError()
    {
        var (appPath, taskPath) = (Path(), Path());
        _receiver.Reply(appPath, new LoopbackResponse(200));
        _receiver.Reply(taskPath, new LoopbackResponse(200));
        var app = await TestHost.CreateAppAsync(callbackUrl: _receiver.Url(appPath));
        var task = await InsertTaskAsync(app.AppUuid, ServiceTaskStatus.Failed, _receiver.Url(taskPath));

        await Job.DeliverAsync(task.Id, Guid.NewGuid(), null);

        Assert.IsEmpty(_receiver.RequestsTo(appPath));
        var body = JsonNode.Parse(_receiver.RequestsTo(taskPath).Single().Body)!;
        Assert.AreEqual("FAILED", body["status"]!.GetValue<string>());
        Assert.AreEqual("HTTP 404 Not Found", body["error_message"]!.GetValue<string>());
        Assert.IsNull(body["output_data"]);
        Assert.IsTrue(body.AsObject().ContainsKey("output_data"), "Null members are sent, not left out.");
    }

    [TestMethod]
    public async Task NoCallbackUrl_SendsAndRecordsNothing()
    {
        var app = await TestHost.CreateAppAsync();
        var task = await InsertTaskAsync(app.AppUuid, ServiceTaskStatus.Cancelled);

        await Job.DeliverAsync(task.Id, Guid.NewGuid(), null);

        Assert.IsEmpty(await DeliveriesAsync(task.Id));
    }

    [TestMethod]
    public async Task TaskNoLongerTerminal_SendsNothing()
    {
        var path = Path();
        _receiver.Reply(path, new LoopbackResponse(200));
        var app = await TestHost.CreateAppAsync(callbackUrl: _receiver.Url(path));
        var task = await InsertTaskAsync(app.AppUuid, ServiceTaskStatus.Pending);

        await Job.DeliverAsync(task.Id, Guid.NewGuid(), null);

        Assert.IsEmpty(_receiver.RequestsTo(path));
        Assert.IsEmpty(await DeliveriesAsync(task.Id));
    }
}
