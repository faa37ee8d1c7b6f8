using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

namespace ServiceTasks.Tests.Telemetry;

/// <summary>
/// One trace, over real wires, from the engine's enqueue request through two attempts in two worker processes and
/// their downstream calls to the completion callback; spans arrive at a loopback OTLP/HTTP collector.
/// </summary>
[TestClass]
public sealed class TracePropagationTests
{
    [TestMethod]
    public async Task TaskFailingOnceThenSucceedingOnAnotherWorker_KeepsTheEnginesTraceFromEnqueueToCallback()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        await using var downstream = await LoopbackServer.StartAsync();
        await using var cluster = await TelemetryCluster.StartAsync("trace", new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint.ToString(), ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        }, roles: "api");
        var workerA = await cluster.StartProcessAsync("worker");

        // The first call pauses the cluster before it answers 500, so its retry can only park on worker A, never run there.
        downstream.Handle("/inventory", (_, call) =>
        {
            if (call > 0) return LoopbackResponse.Json(new { reserved = true });
            cluster.Operator.PostAsync("/api/workers/service-tasks?action=stop", null).GetAwaiter().GetResult().EnsureSuccessStatusCode();
            return LoopbackResponse.Text("down", 500);
        });
        await cluster.CreateRealServiceAsync("inventory", downstream.Url("/inventory"));

        var engineTrace = ActivityTraceId.CreateRandom().ToHexString();
        var engineSpan = ActivitySpanId.CreateRandom().ToHexString();
        var enqueue = new HttpRequestMessage(HttpMethod.Post, "/api/service-tasks")
        {
            Content = JsonContent.Create(new { service_name = "inventory", instance_id = "order-7", task_id = "reserve" }),
        };
        enqueue.Headers.Add("traceparent", $"00-{engineTrace}-{engineSpan}-01");
        var task = await (await cluster.Engine.SendAsync(enqueue)).JsonAsync(HttpStatusCode.Accepted);
        var taskId = task["id"]!.GetValue<string>();
        Assert.AreEqual(engineTrace, task["trace_id"]?.GetValue<string>(), "the task answer carries the engine's trace id");

        await Eventually.WaitAsync(async () => await (await cluster.Engine.GetAsync($"/api/service-tasks/{taskId}")).JsonAsync(HttpStatusCode.OK),
            t => t["attempts"]!.GetValue<int>() == 1 && t["status"]!.GetValue<string>() == "PENDING", TelemetryCluster.Wait, "the first attempt to fail");
        await workerA.StopAsync(TelemetryCluster.Wait);
        var workerB = await cluster.StartProcessAsync("worker");
        (await cluster.Operator.PostAsync("/api/workers/service-tasks?action=start", null)).EnsureSuccessStatusCode();
        var done = await cluster.WaitFinishedAsync(taskId);
        Assert.AreEqual("COMPLETED", done["status"]!.GetValue<string>());

        var calls = downstream.RequestsTo("/inventory");
        Assert.HasCount(2, calls);
        var hooks = cluster.Callbacks.RequestsTo(TelemetryCluster.CallbackPath);
        Assert.IsNotEmpty(hooks);
        foreach (var request in calls.Concat(hooks))
            Assert.AreEqual(engineTrace, TraceIdOf(request.Header("traceparent")), $"traceparent of {request.Path}");

        var logs = await (await cluster.Admin.GetAsync($"/api/services/logs?service_task_id={taskId}")).JsonAsync(HttpStatusCode.OK);
        var logTraces = logs["items"]!.AsArray().Select(l => l!["trace_id"]?.GetValue<string>()).ToList();
        CollectionAssert.AreEqual(new[] { engineTrace, engineTrace }, logTraces, "every log row carries the trace id");

        // The spans: the enqueue request under the engine's span, each attempt under the enqueue request, each
        // downstream call (the span id its traceparent names) under its attempt, the POST to the engine under the callback.
        var spans = await Eventually.WaitAsync(() => Task.FromResult(collector.Spans.Where(s => s.TraceId == engineTrace).ToList()),
            s => s.Count(x => x.Name == "service_task.attempt") == 2 && s.Any(x => x.Name == "service_task.callback")
                && calls.Concat(hooks).All(r => s.Any(x => x.SpanId == SpanIdOf(r.Header("traceparent")))),
            TelemetryCluster.Wait, "the spans of the trace at the collector");
        var server = spans.Single(s => s.ParentSpanId == engineSpan);
        var attempts = spans.Where(s => s.Name == "service_task.attempt").OrderBy(s => s.Attribute("service_task.attempt")).ToList();
        Assert.AreEqual($"{Environment.MachineName}:{workerA.Id}", attempts[0].Resource["service.instance.id"], "attempt 1 ran on worker A");
        Assert.AreEqual($"{Environment.MachineName}:{workerB.Id}", attempts[1].Resource["service.instance.id"], "attempt 2 ran on worker B");
        for (var i = 0; i < 2; i++)
        {
            Assert.AreEqual(server.SpanId, attempts[i].ParentSpanId, "an attempt continues the enqueue request's span");
            Assert.AreEqual(taskId, attempts[i].Attribute("service_task.id"));
            Assert.AreEqual("inventory", attempts[i].Attribute("service_task.service"));
            Assert.AreEqual((i + 1).ToString(), attempts[i].Attribute("service_task.attempt"));
            Assert.AreEqual(i == 0 ? "FAILED" : "SUCCESS", attempts[i].Attribute("service_task.outcome"));
            Assert.AreEqual(i == 0 ? "500" : "200", attempts[i].Attribute("http.response.status_code"));
            var call = spans.Single(s => s.SpanId == SpanIdOf(calls[i].Header("traceparent")));
            Assert.AreEqual(attempts[i].SpanId, call.ParentSpanId, $"downstream call {i + 1} is a child of its attempt");
        }
        CollectionAssert.Contains(attempts[0].Events.ToList(), "service_task.retry_scheduled", "the retry's wait shows on the failed attempt");
        var callback = spans.Single(s => s.Name == "service_task.callback");
        Assert.AreEqual(server.SpanId, callback.ParentSpanId);
        Assert.AreEqual(callback.SpanId, spans.Single(s => s.SpanId == SpanIdOf(hooks[0].Header("traceparent"))).ParentSpanId,
            "the POST to the engine is a child of the callback's span");
    }

    private static string? TraceIdOf(string? traceParent) => traceParent?.Split('-') is [_, var trace, _, _] ? trace : null;

    private static string? SpanIdOf(string? traceParent) => traceParent?.Split('-') is [_, _, var span, _] ? span : null;
}
