using System.Text.Json.Nodes;
using static ServiceTasks.Tests.Outbound.RealServices;

namespace ServiceTasks.Tests.Outbound;

[TestClass]
public sealed class RealServiceRequestTests
{
    [TestMethod]
    [DataRow("GET")]
    [DataRow("DELETE")]
    public async Task GetAndDelete_PutTopLevelFieldsInTheQuery_ByValueKind(string method)
    {
        var path = UniquePath();
        Server.Reply(path, LoopbackResponse.Json(new { ok = true }));
        const string input = """
            {"s":"a b&c","n":42,"f":1.5,"t":true,"fa":false,"arr":["x",2,true,null],"nul":null,"obj":{"k":"v","n":1}}
            """;

        var result = await InvokeAsync(Service(Server.Url(path), method), input);

        Assert.AreEqual(ExecutionStatus.Success, result.Status, result.ErrorMessage);
        var request = Server.RequestsTo(path).Single();
        Assert.AreEqual(method, request.Method);
        Assert.AreEqual("", request.Body);
        CollectionAssert.AreEqual(new[] { "a b&c" }, request.Query("s").ToArray());
        CollectionAssert.AreEqual(new[] { "42" }, request.Query("n").ToArray());
        CollectionAssert.AreEqual(new[] { "1.5" }, request.Query("f").ToArray());
        CollectionAssert.AreEqual(new[] { "true" }, request.Query("t").ToArray());
        CollectionAssert.AreEqual(new[] { "false" }, request.Query("fa").ToArray());
        CollectionAssert.AreEqual(new[] { "x", "2", "true" }, request.Query("arr").ToArray());
        Assert.IsEmpty(request.Query("nul"));
        Assert.IsTrue(JsonNode.DeepEquals(JsonNode.Parse("""{"k":"v","n":1}"""), JsonNode.Parse(request.Query("obj").Single())));
        Assert.IsNull(result.RequestData!["body"]);
    }

    [TestMethod]
    public async Task Get_WithAnArrayInput_FailsAsNonRetryable()
    {
        var result = await InvokeAsync(Service(Server.Url(UniquePath()), "GET"), "[1,2]");

        Assert.AreEqual(ExecutionStatus.Failed, result.Status);
        Assert.IsFalse(result.Retryable);
        Assert.Contains("input_data must be a JSON object", result.ErrorMessage!);
    }

    [TestMethod]
    [DataRow("POST")]
    [DataRow("PUT")]
    [DataRow("PATCH")]
    public async Task PostPutPatch_SendInputAsJsonBody(string method)
    {
        var path = UniquePath();
        Server.Reply(path, LoopbackResponse.Json(new { ok = true }));
        const string input = """{"order":{"id":7,"lines":[1,2]},"note":null,"flag":true}""";

        var result = await InvokeAsync(Service(Server.Url(path) + "?fixed=1", method), input);

        var request = Server.RequestsTo(path).Single();
        Assert.AreEqual(method, request.Method);
        Assert.AreEqual("/" + path.TrimStart('/') + "?fixed=1", request.PathAndQuery);
        StringAssert.StartsWith(request.Header("Content-Type"), "application/json");
        Assert.IsTrue(JsonNode.DeepEquals(JsonNode.Parse(input), JsonNode.Parse(request.Body)), request.Body);
        Assert.IsTrue(JsonNode.DeepEquals(JsonNode.Parse(input), result.RequestData!["body"]));
        Assert.AreEqual(method, result.RequestData["method"]!.GetValue<string>());
        Assert.AreEqual(Server.Url(path) + "?fixed=1", result.RequestData["url"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task IdempotencyKey_IsTheTaskId_OnEveryAttempt_AndCustomHeadersAreSent()
    {
        var path = UniquePath();
        Server.Reply(path, LoopbackResponse.Json(new { ok = true }));
        var taskId = Guid.NewGuid();
        var service = Service(Server.Url(path), headers: new() { ["X-Tenant"] = "acme" });

        await InvokeAsync(service, "{}", taskId);
        await InvokeAsync(service, "{}", taskId);

        var requests = Server.RequestsTo(path);
        Assert.HasCount(2, requests);
        Assert.IsTrue(requests.All(r => r.Header("Idempotency-Key") == taskId.ToString()));
        Assert.IsTrue(requests.All(r => r.Header("X-Tenant") == "acme"));
    }

    [TestMethod]
    public async Task SendIdempotencyKeyFalse_SendsNoKey()
    {
        var path = UniquePath();
        Server.Reply(path, LoopbackResponse.Json(new { ok = true }));

        var result = await InvokeAsync(Service(Server.Url(path), sendIdempotencyKey: false), "{}");

        Assert.IsNull(Server.RequestsTo(path).Single().Header("Idempotency-Key"));
        Assert.IsNull(result.RequestData!["headers"]!["Idempotency-Key"]);
    }

    [TestMethod]
    public async Task Redirects_AreFollowed_UpToThree()
    {
        var (a, b, c, final) = (UniquePath(), UniquePath(), UniquePath(), UniquePath());
        Server.Reply(a, LoopbackResponse.Redirect(Server.Url(b), 307));
        Server.Reply(b, LoopbackResponse.Redirect(Server.Url(c), 307));
        Server.Reply(c, LoopbackResponse.Redirect(Server.Url(final), 307));
        Server.Reply(final, LoopbackResponse.Json(new { arrived = true }));

        var result = await InvokeAsync(Service(Server.Url(a)), """{"x":1}""");

        Assert.AreEqual(ExecutionStatus.Success, result.Status, result.ErrorMessage);
        Assert.IsTrue(result.ResponseData!["arrived"]!.GetValue<bool>());
        Assert.AreEqual("""{"x":1}""", Server.RequestsTo(final).Single().Body, "307 keeps the method and body");
    }

    [TestMethod]
    public async Task AFourthRedirect_IsNotFollowed_AndFailsNonRetryable()
    {
        var paths = Enumerable.Range(0, 5).Select(_ => UniquePath()).ToArray();
        for (var i = 0; i < 4; i++) Server.Reply(paths[i], LoopbackResponse.Redirect(Server.Url(paths[i + 1])));
        Server.Reply(paths[4], LoopbackResponse.Json(new { arrived = true }));

        var result = await InvokeAsync(Service(Server.Url(paths[0]), "GET"));

        Assert.AreEqual(ExecutionStatus.Failed, result.Status);
        Assert.IsFalse(result.Retryable);
        Assert.IsEmpty(Server.RequestsTo(paths[4]));
        Assert.Contains("redirect", result.ErrorMessage!);
    }

    [TestMethod]
    public async Task InvalidEndpointUrl_FailsNonRetryable()
    {
        var result = await InvokeAsync(Service("ftp://127.0.0.1/x"), "{}");

        Assert.AreEqual(ExecutionStatus.Failed, result.Status);
        Assert.IsFalse(result.Retryable);
        Assert.Contains("endpoint_url", result.ErrorMessage!);
    }
}
