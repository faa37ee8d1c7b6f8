// Compiled at test time together with the client NSwag generates from the served OpenAPI document
// (GeneratedClientTests), not with the test project: it may use nothing but that generated client.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using Generated;

namespace Walkthrough;

public static class ReadmeWalkthrough
{
    /// <summary>The README's walk-through; returns one line per step, or throws at the first that goes wrong.</summary>
    public static async Task<List<string>> RunAsync(string operatorKey)
    {
        var steps = new List<string>();
        var op = Client(operatorKey);

        // An app, an admin key and an engine key.
        var app = await op.CreateAppAsync(new CreateAppRequest { Name = "orders-" + Guid.NewGuid().ToString("N") });
        var adminKey = (await op.CreateKeyAsync(app.App_uuid, new CreateKeyRequest { Role = "admin", Name = "ops team" })).Key;
        var engineKey = (await op.CreateKeyAsync(app.App_uuid, new CreateKeyRequest { Role = "engine", Name = "workflow engine" })).Key;
        steps.Add($"app {app.App_uuid} with keys {adminKey[..6]}…, {engineKey[..6]}…");
        var admin = Client(adminKey);
        var engine = Client(engineKey);

        // A MOCK service from a built-in template, with a seed so outcomes repeat.
        var service = await admin.CreateServiceAsync(body: new ServiceRequest
        {
            Service_name = "weather", Service_type = "MOCK", Mock_template_id = "weather_service_mock",
            Mock_definition = new MockDefinition { Random_seed = 42 },
        });
        steps.Add($"service {service.Service_name} v{service.Version}");

        // Enqueue with an Idempotency-Key, then the same request again: the same task.
        var request = new EnqueueTaskRequest
        {
            Service_name = "weather", Instance_id = "order-1234", Task_id = "check_weather",
            Input_data = new Dictionary<string, object> { ["location"] = "Oslo" },
        };
        var task = await engine.EnqueueTaskAsync(request, idempotency_Key: "order-1234-weather");
        var replay = await engine.EnqueueTaskAsync(request, idempotency_Key: "order-1234-weather");
        if (replay.Id != task.Id) throw new InvalidOperationException("The replay answered another task.");
        steps.Add($"enqueued {task.Id} ({task.Status}); replay answered the same task");

        // Wait for the result.
        var done = await engine.GetTaskAsync(task.Id, wait_seconds: 60);
        steps.Add($"waited: {done.Status} after {done.Attempts} attempt(s), {done.Executions.Count} execution(s)");

        // The logs of that task.
        var logs = await admin.ListLogsAsync(service_task_id: task.Id.ToString());
        steps.Add($"logs: {logs.Total_count} row(s), first {logs.Items.First().Status}");

        // A 404 and a 412, with their problem details.
        try
        {
            await engine.GetTaskAsync(Guid.NewGuid());
            throw new InvalidOperationException("An unknown task was found.");
        }
        catch (ApiException<ProblemDetails> e)
        {
            steps.Add($"404: {e.StatusCode} {e.Result.Status} {e.Result.Title}");
        }
        try
        {
            await admin.UpdateServiceAsync(service.Id!.Value, new Dictionary<string, object> { ["description"] = "stale" }, if_Match: "\"v99\"");
            throw new InvalidOperationException("A stale If-Match was accepted.");
        }
        catch (ApiException<ProblemDetails> e)
        {
            steps.Add($"412: {e.StatusCode} {e.Result.Status} {e.Result.Detail}");
        }
        return steps;
    }

    private static ServiceTasksClient Client(string key)
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return new ServiceTasksClient(http); // its BaseUrl comes from the document's servers
    }
}
