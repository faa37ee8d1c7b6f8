using static ServiceTasks.Tests.Callbacks.CallbackTesting;

namespace ServiceTasks.Tests.Callbacks;

/// <summary>A receiver that fails or cannot be reached: every attempt is recorded and thrown, so Hangfire retries it.</summary>
[TestClass]
public sealed class CallbackDeliveryFailureTests
{
    private static LoopbackServer Receiver => LoopbackServer.Shared;

    [TestMethod]
    public async Task FailingReceiver_EachAttemptThrowsAndIsRecorded_WithTheSameWebhookId_UntilDelivered()
    {
        var path = "/hook-" + Guid.NewGuid().ToString("N");
        Receiver.Reply(path, new LoopbackResponse(500), new LoopbackResponse(503), new LoopbackResponse(200));
        var app = await TestHost.CreateAppAsync(callbackUrl: Receiver.Url(path));
        var task = await InsertTaskAsync(app.AppUuid);
        var deliveryId = Guid.NewGuid();

        await Assert.ThrowsExactlyAsync<CallbackDeliveryException>(() => Job.DeliverAsync(task.Id, deliveryId, null));
        await Assert.ThrowsExactlyAsync<CallbackDeliveryException>(() => Job.DeliverAsync(task.Id, deliveryId, null));
        await Job.DeliverAsync(task.Id, deliveryId, null);
        await Job.DeliverAsync(task.Id, deliveryId, null); // a re-run after success (a worker died) sends nothing more

        var deliveries = await DeliveriesAsync(task.Id);
        CollectionAssert.AreEqual(new[] { 1, 2, 3 }, deliveries.Select(d => d.Attempt).ToArray());
        CollectionAssert.AreEqual(new int?[] { 500, 503, 200 }, deliveries.Select(d => d.StatusCode).ToArray());
        CollectionAssert.AreEqual(new[] { false, false, true }, deliveries.Select(d => d.Succeeded).ToArray());
        Assert.AreEqual("The receiver answered HTTP 500.", deliveries[0].Error);
        var requests = Receiver.RequestsTo(path);
        Assert.HasCount(3, requests);
        Assert.IsTrue(requests.All(r => r.Header("webhook-id") == deliveryId.ToString()));
        Assert.IsTrue(requests.All(r => Verify(app.CallbackSecret, r, DateTimeOffset.UtcNow)));
    }

    [TestMethod]
    public async Task UnreachableReceiver_IsRecordedAsANetworkError_AndRetried()
    {
        var closed = await LoopbackServer.StartAsync();
        var url = closed.Url("/gone");
        await closed.DisposeAsync();
        var app = await TestHost.CreateAppAsync(callbackUrl: url);
        var task = await InsertTaskAsync(app.AppUuid);

        var error = await Assert.ThrowsExactlyAsync<CallbackDeliveryException>(() => Job.DeliverAsync(task.Id, Guid.NewGuid(), null));

        StringAssert.StartsWith(error.Message, "Network error");
        var delivery = (await DeliveriesAsync(task.Id)).Single();
        Assert.IsNull(delivery.StatusCode);
        Assert.AreEqual(error.Message, delivery.Error);
    }
}
