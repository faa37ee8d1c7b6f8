using static ServiceTasks.Tests.Outbound.RealServices;

namespace ServiceTasks.Tests.Outbound;

/// <summary>An error status from a REAL service: failed, retryable or not by status, and its Retry-After heeded only where it applies.</summary>
[TestClass]
public sealed class RealServiceErrorStatusTests
{
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
        var result = await CallAsync(Server, LoopbackResponse.Json(new { error = "boom" }, status));

        Assert.AreEqual(ExecutionStatus.Failed, result.Status);
        Assert.AreEqual(status, result.HttpStatusCode);
        Assert.AreEqual(retryable, result.Retryable);
        StringAssert.StartsWith(result.ErrorMessage, $"HTTP {status}");
        Assert.AreEqual("boom", result.ResponseData!["error"]!.GetValue<string>(), "The error body is kept for the log.");
    }

    [TestMethod]
    public async Task RetryAfterSeconds_On429_IsReported()
    {
        var result = await CallAsync(Server, LoopbackResponse.Json(new { }, 429).WithHeader("Retry-After", "2"));

        Assert.AreEqual(TimeSpan.FromSeconds(2), result.RetryAfter);
    }

    [TestMethod]
    public async Task RetryAfterHttpDate_On503_IsReportedAsTheWaitUntilThen()
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(10);
        var result = await CallAsync(Server, LoopbackResponse.Json(new { }, 503).WithHeader("Retry-After", at.ToString("R")));

        Assert.IsNotNull(result.RetryAfter);
        Assert.IsTrue(result.RetryAfter > TimeSpan.FromMinutes(8) && result.RetryAfter <= TimeSpan.FromMinutes(10), $"{result.RetryAfter}");
    }

    [TestMethod]
    public async Task RetryAfter_OnOtherStatuses_IsIgnored()
    {
        var result = await CallAsync(Server, LoopbackResponse.Json(new { }, 500).WithHeader("Retry-After", "30"));

        Assert.IsNull(result.RetryAfter);
    }
}
