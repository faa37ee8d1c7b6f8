using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

namespace ServiceTasks.Tests.Telemetry;

/// <summary>The console outside Development: JSON lines a log pipeline can read, with the attempt's scopes on each.</summary>
[TestClass]
public sealed class JsonLogTests
{
    private static readonly string[] AttemptScopes = ["TaskId", "AppUuid", "ServiceName", "Attempt", "TraceId", "SpanId"];

    [TestMethod]
    public async Task RealProcessByDefault_WritesEveryLogLineAsJson_WithTheAttemptScopesOnEveryAttemptLine()
    {
        await using var downstream = await LoopbackServer.StartAsync();
        downstream.Reply("/stock", LoopbackResponse.Text("busy", 503), LoopbackResponse.Json(new { units = 4 }));
        // No logging setting at all: the JSON format is the default outside Development, and tracing is off.
        await using var cluster = await TelemetryCluster.StartAsync("jsonlogs", new Dictionary<string, string?>(), roles: "api,worker");
        await cluster.CreateRealServiceAsync("stock", downstream.Url("/stock"));
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var enqueue = new HttpRequestMessage(HttpMethod.Post, "/api/service-tasks")
        {
            Content = JsonContent.Create(new { service_name = "stock", instance_id = "order-9", task_id = "count" }),
        };
        enqueue.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        var taskId = (await (await cluster.Engine.SendAsync(enqueue)).JsonAsync(HttpStatusCode.Accepted))["id"]!.GetValue<string>();
        Assert.AreEqual("COMPLETED", (await cluster.WaitFinishedAsync(taskId))["status"]!.GetValue<string>());
        await cluster.Api.StopAsync(TelemetryCluster.Wait);
        foreach (var call in downstream.RequestsTo("/stock").Concat(cluster.Callbacks.RequestsTo(TelemetryCluster.CallbackPath)))
            StringAssert.StartsWith(call.Header("traceparent"), $"00-{traceId}-", "the trace travels on with tracing off too");

        var lines = cluster.Api.Lines.Where(l => !ConsoleJson.IsOperatorKeyPrint(l)).ToList();
        var notJson = lines.Where(l => ConsoleJson.TryParse(l) is null).ToList();
        Assert.IsEmpty(notJson, "Lines that are not JSON:\n" + string.Join('\n', notJson));

        // Lines about the task: its attempts', and its callback delivery's (which name the delivery instead).
        var taskLines = lines.Select(l => ConsoleJson.TryParse(l)!).Where(l => ConsoleJson.Scopes(l).GetValueOrDefault("TaskId") == taskId).ToList();
        var attemptLines = taskLines.Where(l => !ConsoleJson.Scopes(l).ContainsKey("CallbackDelivery")).ToList();
        Assert.IsTrue(taskLines.Any(l => ConsoleJson.Scopes(l).ContainsKey("CallbackDelivery")), "the callback's lines carry the task too");
        Assert.IsGreaterThanOrEqualTo(2, attemptLines.Count, "one line at least per attempt");
        foreach (var line in attemptLines)
        {
            var scopes = ConsoleJson.Scopes(line);
            foreach (var name in AttemptScopes) Assert.IsTrue(scopes.ContainsKey(name), $"{name} missing from {line.ToJsonString()}");
            Assert.AreEqual(traceId, scopes["TraceId"], "the engine's trace, even with tracing off");
            Assert.AreEqual("stock", scopes["ServiceName"]);
        }
        CollectionAssert.AreEquivalent(new[] { "1", "2" }, attemptLines.Select(l => ConsoleJson.Scopes(l)["Attempt"]).Distinct().ToList());
    }
}
