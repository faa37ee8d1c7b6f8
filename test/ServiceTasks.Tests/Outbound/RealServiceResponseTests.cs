using System.Text.Json.Nodes;
using static ServiceTasks.Tests.Outbound.RealServices;

namespace ServiceTasks.Tests.Outbound;

/// <summary>What a REAL service's answer becomes: JSON parsed, anything else kept as text, a large body cut at 1 MiB.</summary>
[TestClass]
public sealed class RealServiceResponseTests
{
    [TestMethod]
    public async Task JsonBody_IsParsed()
    {
        var result = await CallAsync(Server, LoopbackResponse.RawJson("""{"temp":21.5,"tags":["a"]}""", 201));

        Assert.AreEqual(ExecutionStatus.Success, result.Status);
        Assert.AreEqual(201, result.HttpStatusCode);
        Assert.IsTrue(JsonNode.DeepEquals(JsonNode.Parse("""{"temp":21.5,"tags":["a"]}"""), result.ResponseData));
        Assert.IsFalse(result.ResponseTruncated);
        Assert.IsNull(result.ErrorMessage);
    }

    [TestMethod]
    public async Task TextBody_IsKeptAsText()
    {
        var result = await CallAsync(Server, LoopbackResponse.Text("plain answer"));

        Assert.AreEqual(ExecutionStatus.Success, result.Status);
        Assert.AreEqual("plain answer", result.ResponseData!["text"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task InvalidJson_IsKeptAsText()
    {
        var result = await CallAsync(Server, LoopbackResponse.RawJson("{not json"));

        Assert.AreEqual("{not json", result.ResponseData!["text"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task ThreeMiBBody_IsCutAtOneMiB_AndFlagged()
    {
        var result = await CallAsync(Server, new LoopbackResponse { StreamedBytes = 3 * 1024 * 1024, ContentType = "application/json" });

        Assert.AreEqual(ExecutionStatus.Success, result.Status);
        Assert.IsTrue(result.ResponseTruncated);
        Assert.AreEqual(1024 * 1024, result.ResponseData!["text"]!.GetValue<string>().Length);
    }

    [TestMethod]
    public async Task BodyExactlyAtTheCap_IsNotFlagged()
    {
        var result = await CallAsync(Server, new LoopbackResponse { StreamedBytes = 1024 * 1024, ContentType = "text/plain" });

        Assert.IsFalse(result.ResponseTruncated);
        Assert.AreEqual(1024 * 1024, result.ResponseData!["text"]!.GetValue<string>().Length);
    }
}
