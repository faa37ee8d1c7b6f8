using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ServiceTasks.Tests.Reliability;

/// <summary>
/// A healthy service's console, as an operator reads it: the README walk-through on a first start, with a replay,
/// answers in 4xx and a retried downstream failure, must print no error. Its own process, so no other host's lines mix in.
/// </summary>
[TestClass]
public sealed class QuietLogTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [TestMethod]
    public async Task FirstStart_WalkThroughWithReplayAnd4xx_LogsNoErrorOrCritical()
    {
        await using var downstream = await LoopbackServer.StartAsync();
        downstream.Reply("/api/customers", LoopbackResponse.Text("busy", 503), LoopbackResponse.Json(new { customer = "Ada" }));
        downstream.Reply("/hooks/service-tasks", new LoopbackResponse(204));
        await using var service = ServiceProcess.Start(new Dictionary<string, string?>
        {
            ["ConnectionStrings__ServiceTasks"] = await TestDatabase.CreateAsync("quiet"),
            ["Http__AllowPrivateNetworks"] = "true",
        });
        var line = await service.WaitForLineAsync(l => l.StartsWith("Operator key: "), Wait);
        using var op = Client(service, line["Operator key: ".Length..].Trim());
        await Readiness.WaitReadyAsync(op);

        var app = await Post(op, "/api/apps", new { name = "orders", callback_url = downstream.Url("/hooks/service-tasks") }, HttpStatusCode.Created);
        var appUuid = app["app_uuid"]!.GetValue<string>();
        using var admin = Client(service, await KeyAsync(op, appUuid, "admin"));
        using var engine = Client(service, await KeyAsync(op, appUuid, "engine"));
        using (var byHeader = Client(service, key: null))
        {
            byHeader.DefaultRequestHeaders.Add("X-Api-Key", line["Operator key: ".Length..].Trim());
            await (await byHeader.GetAsync($"/api/apps/{appUuid}/keys")).JsonAsync(HttpStatusCode.OK);
        }

        var weather = new { service_name = "weather", service_type = "MOCK", mock_template_id = "weather_service_mock", mock_definition = new { random_seed = 42 } };
        await Post(admin, "/api/services", weather, HttpStatusCode.Created);
        var crm = await Post(admin, "/api/services", new
        {
            service_name = "crm-lookup", service_type = "REAL", endpoint_url = downstream.Url("/api/customers"), http_method = "POST",
            authentication = new { type = "bearer", token = "s3cr3t-token-value" }, timeout_seconds = 20, max_retries = 5,
            retry_policy = new { initial_delay_seconds = 1, multiplier = 1, max_delay_seconds = 1, jitter = "none" },
        }, HttpStatusCode.Created);
        await (await admin.PostAsJsonAsync($"/api/services/{crm["id"]}/test", new { input_data = new { location = "Oslo" } })).JsonAsync(HttpStatusCode.OK);

        var enqueue = new { service_name = "weather", instance_id = "order-1234", task_id = "check_weather", input_data = new { location = "Oslo" } };
        var task = await (await PostWithKey(engine, enqueue, "order-1234-weather")).JsonAsync(HttpStatusCode.Accepted);
        await (await PostWithKey(engine, enqueue, "order-1234-weather")).JsonAsync(HttpStatusCode.OK);
        await (await PostWithKey(engine, enqueue with { task_id = "other" }, "order-1234-weather")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        var real = await Post(engine, "/api/service-tasks", new { service_name = "crm-lookup", instance_id = "order-1234", task_id = "lookup" }, HttpStatusCode.Accepted);
        await Post(engine, "/api/service-tasks", new { service_name = "crm-lookup", instance_id = "order-1234", task_id = "lookup" }, HttpStatusCode.OK);
        await (await engine.PostAsJsonAsync("/api/service-tasks", new { service_name = "no-such", instance_id = "i", task_id = "t" })).ProblemAsync(HttpStatusCode.NotFound);
        await (await admin.PostAsJsonAsync("/api/services", weather)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.AreEqual(HttpStatusCode.NotFound, (await engine.GetAsync($"/api/service-tasks/{Guid.NewGuid()}")).StatusCode);

        foreach (var id in new[] { task["id"]!, real["id"]! })
        {
            var done = await Eventually.WaitAsync(
                async () => await (await engine.GetAsync($"/api/service-tasks/{id}")).JsonAsync(HttpStatusCode.OK),
                t => t["status"]!.GetValue<string>() is "COMPLETED" or "FAILED" && t["callback_deliveries"]!.AsArray().Count > 0,
                Wait, $"task {id} to finish and call back");
            await (await engine.PostAsync($"/api/service-tasks/{id}/cancel", null)).ProblemAsync(HttpStatusCode.Conflict);
            await (await admin.GetAsync($"/api/services/logs?service_task_id={id}")).JsonAsync(HttpStatusCode.OK);
            Assert.IsNotNull(done["executions"]);
        }
        await (await admin.GetAsync("/api/services/stats")).JsonAsync(HttpStatusCode.OK);
        await service.StopAsync(Wait);

        var lines = service.Lines.ToArray();
        var errors = Enumerable.Range(0, lines.Length).Where(i => ConsoleJson.IsErrorOrCritical(lines[i]))
            .Select(i => string.Join('\n', lines.Skip(i).Take(6))).ToArray();
        Assert.IsEmpty(errors, "Errors in the log of a healthy service:\n" + string.Join("\n---\n", errors));
    }

    private static HttpClient Client(ServiceProcess service, string? key)
    {
        var client = new HttpClient { BaseAddress = service.BaseAddress, Timeout = Wait };
        if (key is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }

    private static async Task<string> KeyAsync(HttpClient op, string appUuid, string role) =>
        (await Post(op, $"/api/apps/{appUuid}/keys", new { role, name = role }, HttpStatusCode.Created))["key"]!.GetValue<string>();

    private static async Task<JsonNode> Post(HttpClient client, string path, object body, HttpStatusCode expected) =>
        await (await client.PostAsJsonAsync(path, body)).JsonAsync(expected);

    private static Task<HttpResponseMessage> PostWithKey(HttpClient client, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/service-tasks") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }
}
