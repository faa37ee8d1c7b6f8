using static ServiceTasks.Tests.Outbound.RealServices;

namespace ServiceTasks.Tests.Outbound;

/// <summary>A REAL service that never answers: too slow, given up on by the caller, or not listening.</summary>
[TestClass]
public sealed class RealServiceNoAnswerTests
{
    [TestMethod]
    public async Task SlowService_TimesOut_AsRetryableTimeout()
    {
        var path = UniquePath();
        Server.Reply(path, LoopbackResponse.Json(new { late = true }) with { Delay = TimeSpan.FromSeconds(30) });

        var result = await InvokeAsync(Service(Server.Url(path), timeoutSeconds: 1), "{}");

        Assert.AreEqual(ExecutionStatus.Timeout, result.Status);
        Assert.IsTrue(result.Retryable);
        Assert.AreEqual("Timed out after 1 s", result.ErrorMessage);
        Assert.IsNotNull(result.RequestData);
    }

    [TestMethod]
    public async Task CallerCancellation_IsReportedAsTimeout()
    {
        var path = UniquePath();
        Server.Reply(path, LoopbackResponse.Json(new { late = true }) with { Delay = TimeSpan.FromSeconds(30) });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var result = await InvokeAsync(Service(Server.Url(path)), "{}", cancellationToken: cts.Token);

        Assert.AreEqual(ExecutionStatus.Timeout, result.Status);
        Assert.AreEqual("Timed out after 30 s", result.ErrorMessage);
    }

    [TestMethod]
    public async Task ConnectionRefused_IsARetryableNetworkError()
    {
        var closed = await LoopbackServer.StartAsync();
        var url = closed.Url("/gone");
        await closed.DisposeAsync();

        var result = await InvokeAsync(Service(url), "{}");

        Assert.AreEqual(ExecutionStatus.Failed, result.Status);
        Assert.IsTrue(result.Retryable);
        StringAssert.StartsWith(result.ErrorMessage, "Network error");
        Assert.IsNull(result.HttpStatusCode);
    }
}
