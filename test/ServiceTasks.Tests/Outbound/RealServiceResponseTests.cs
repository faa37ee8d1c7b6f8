using System.Text.Json.Nodes;
using static ServiceTasks.Tests.Outbound.RealServices;

namespace ServiceTasks.Tests.Outbound;

[TestClass]
public sealed class RealServiceResponseTests
{
    private static LoopbackServer _server = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => _server = await LoopbackServer.StartAsync();

    [ClassCleanup]
    public static async Task StopAsync() => await _server.DisposeAsync();

    private static async Task<AttemptResultAndPath> CallAsync(params LoopbackResponse[] responses)
    {
        var path = "/" + Guid.NewGuid().ToString("N");
        _server.Reply(path, responses);
        return new(await InvokeAsync(Service(_server.Url(path)), "{}"), path);
    }

    private sealed record AttemptResultAndPath(AttemptResult Result, string Path);

    [TestMethod]
    public async Task JsonBody_IsParsed()
    {
        var (result, _) = await CallAsync(LoopbackResponse.RawJson("""{"temp":21.5,"tags":["a"]}""", 201));

        Assert.AreEqual(ExecutionStatus.Success, result.Status);
        Assert.AreEqual(201, result.HttpStatusCode);
        Assert.IsTrue(JsonNode.DeepEquals(JsonNode.Parse("""{"temp":21.5,"tags":["a"]}"""), result.ResponseData));
        Assert.IsFalse(result.ResponseTruncated);
        Assert.IsNull(result.ErrorMessage);
    }

    [TestMethod]
    public async Task TextBody_IsKeptAsText()
    {
        var (result, _) = await CallAsync(LoopbackResponse.Text("plain answer"));

        Assert.AreEqual(ExecutionStatus.Success, result.Status);
        Assert.AreEqual("plain answer", result.ResponseData!["text"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task InvalidJson_IsKeptAsText()
    {
        var (result, _) = await CallAsync(LoopbackResponse.RawJson("{not json"));

        Assert.AreEqual("{not json", result.ResponseData!["text"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task ThreeMiBBody_IsCutAtOneMiB_AndFlagged()
    {
        var (result, _) = await CallAsync(new LoopbackResponse { StreamedBytes = 3 * 1024 * 1024, ContentType = "application/json" });

        Assert.AreEqual(ExecutionStatus.Success, result.Status);
        Assert.IsTrue(result.ResponseTruncated);
        Assert.AreEqual(1024 * 1024, result.ResponseData!["text"]!.GetValue<string>().Length);
    }

    [TestMethod]
    public async Task BodyExactlyAtTheCap_IsNotFlagged()
    {
        var (result, _) = await CallAsync(new LoopbackResponse { StreamedBytes = 1024 * 1024, ContentType = "text/plain" });

        Assert.IsFalse(result.ResponseTruncated);
        Assert.AreEqual(1024 * 1024, result.ResponseData!["text"]!.GetValue<string>().Length);
    }

    [TestMethod]
    [DataRow(400, false)]
    [DataRow(401, false)]
    [DataRow(403, false)]
    [DataRow(404, false)]
    [DataRow(422, false)]
    [DataRow(408, true)]
    [DataRow(425, true)]
    [DataRow(429, true)]
    [DataRow(500, true)]
    [DataRow(502, true)]
    [DataRow(503, true)]
    public async Task ErrorStatus_IsFailed_AndRetryableOnlyForServerErrorsAnd408_425_429(int status, bool retryable)
    {
        var (result, _) = await CallAsync(LoopbackResponse.Json(new { error = "boom" }, status));

        Assert.AreEqual(ExecutionStatus.Failed, result.Status);
        Assert.AreEqual(status, result.HttpStatusCode);
        Assert.AreEqual(retryable, result.Retryable);
        StringAssert.StartsWith(result.ErrorMessage, $"HTTP {status}");
        Assert.AreEqual("boom", result.ResponseData!["error"]!.GetValue<string>(), "The error body is kept for the log.");
    }

    [TestMethod]
    public async Task RetryAfterSeconds_On429_IsReported()
    {
        var (result, _) = await CallAsync(LoopbackResponse.Json(new { }, 429).WithHeader("Retry-After", "2"));

        Assert.AreEqual(TimeSpan.FromSeconds(2), result.RetryAfter);
    }

    [TestMethod]
    public async Task RetryAfterHttpDate_On503_IsReportedAsTheWaitUntilThen()
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(10);
        var (result, _) = await CallAsync(LoopbackResponse.Json(new { }, 503).WithHeader("Retry-After", at.ToString("R")));

        Assert.IsNotNull(result.RetryAfter);
        Assert.IsTrue(result.RetryAfter > TimeSpan.FromMinutes(8) && result.RetryAfter <= TimeSpan.FromMinutes(10), $"{result.RetryAfter}");
    }

    [TestMethod]
    public async Task RetryAfter_OnOtherStatuses_IsIgnored()
    {
        var (result, _) = await CallAsync(LoopbackResponse.Json(new { }, 500).WithHeader("Retry-After", "30"));

        Assert.IsNull(result.RetryAfter);
    }

    [TestMethod]
    public async Task SlowService_TimesOut_AsRetryableTimeout()
    {
        var path = "/" + Guid.NewGuid().ToString("N");
        _server.Reply(path, LoopbackResponse.Json(new { late = true }) with { Delay = TimeSpan.FromSeconds(30) });

        var result = await InvokeAsync(Service(_server.Url(path), timeoutSeconds: 1), "{}");

        Assert.AreEqual(ExecutionStatus.Timeout, result.Status);
        Assert.IsTrue(result.Retryable);
        Assert.AreEqual("Timed out after 1 s", result.ErrorMessage);
        Assert.IsNotNull(result.RequestData);
    }

    [TestMethod]
    public async Task CallerCancellation_IsReportedAsTimeout()
    {
        var path = "/" + Guid.NewGuid().ToString("N");
        _server.Reply(path, LoopbackResponse.Json(new { late = true }) with { Delay = TimeSpan.FromSeconds(30) });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var result = await InvokeAsync(Service(_server.Url(path)), "{}", cancellationToken: cts.Token);

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
