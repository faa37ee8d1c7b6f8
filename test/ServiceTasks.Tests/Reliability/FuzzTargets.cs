using System.Text.Json.Nodes;

namespace ServiceTasks.Tests.Reliability;

/// <summary>Every route and method a client can call.</summary>
internal static class FuzzTargets
{
    public static FuzzTarget[] For(TestApp app, Guid serviceId, Guid taskId)
    {
        var mockService = new JsonObject { ["service_name"] = "fz", ["service_type"] = "MOCK", ["mock_template_id"] = "weather_service_mock" };
        Func<TestApp, HttpClient> admin = a => a.Admin(), engine = a => a.Engine(), op = _ => TestHost.Operator();
        string[] paging = ["page", "page_size"];
        return
        [
            new("POST", "/api/apps", op, new JsonObject { ["name"] = "fz", ["callback_url"] = "http://127.0.0.1:1/x" }, []),
            new("GET", "/api/apps", admin, null, paging),
            new("GET", "/api/apps/{app}", admin, null, []),
            new("PATCH", "/api/apps/{app}", admin, new JsonObject { ["name"] = "fz2", ["rotate_callback_secret"] = false }, []),
            new("PATCH", "/api/apps/{app}", op, new JsonObject { ["name"] = "fz3", ["callback_url"] = "http://127.0.0.1:1/y" }, []),
            new("POST", "/api/apps/{app}/keys", admin, new JsonObject { ["role"] = "engine", ["name"] = "k" }, []),
            new("GET", "/api/apps/{app}/keys", admin, null, paging),
            new("DELETE", "/api/apps/{app}/keys/{random}", admin, null, []),
            new("GET", "/api/services", admin, null, [.. paging, "service_type", "is_active", "search"]),
            new("POST", "/api/services", admin, mockService, []),
            new("GET", "/api/services/{service}", admin, null, []),
            new("PATCH", "/api/services/{service}", admin, new JsonObject { ["description"] = "d", ["timeout_seconds"] = 5 }, []),
            new("DELETE", "/api/services/{random}", admin, null, []),
            new("GET", "/api/services/{service}/versions", admin, null, paging),
            new("POST", "/api/services/{service}/versions/{n}/restore", admin, null, []),
            new("GET", "/api/services/export", admin, null, []),
            new("POST", "/api/services/import", admin, new JsonObject { ["services"] = new JsonArray(mockService.DeepClone()) }, ["dry_run"]),
            new("POST", "/api/services/{service}/test", admin, new JsonObject { ["input_data"] = new JsonObject() }, []),
            new("GET", "/api/mock-templates", admin, null, []),
            new("GET", "/api/services/logs", admin, null,
                [.. paging, "service_config_id", "service_name", "status", "instance_id", "service_task_id", "date_from", "date_to", "cursor"]),
            new("GET", "/api/services/logs/{long}", admin, null, []),
            new("GET", "/api/services/stats", admin, null, ["date_from", "date_to", "service_config_id"]),
            new("POST", "/api/service-tasks", engine, new JsonObject
            {
                ["service_config_id"] = serviceId.ToString(), ["instance_id"] = "fz", ["task_id"] = "t", ["input_data"] = new JsonObject(),
            }, []),
            new("GET", "/api/service-tasks", engine, null, [.. paging, "instance_id", "status", "service_config_id"]),
            new("GET", "/api/service-tasks/{task}", engine, null, []),
            new("POST", "/api/service-tasks/{task}/cancel", engine, new JsonObject(), []),
            new("POST", "/api/service-tasks/{task}/retry", engine, new JsonObject(), []),
            new("GET", "/api/workers/service-tasks", admin, null, []),
            new("POST", "/api/workers/service-tasks", admin, new JsonObject { ["action"] = "process-once" }, ["action"]),
        ];
    }

    /// <summary>The route with its placeholders filled: mostly the real ids, sometimes a value that must not route or parse.</summary>
    public static string Url(string route, TestApp app, Guid serviceId, Guid taskId, FuzzBodies? fuzz)
    {
        string Pick(string valid) => fuzz is not null && fuzz.Chance(4) ? fuzz.Pick(FuzzBodies.RouteValues) : valid;
        return route.Replace("{app}", Pick(app.AppUuid.ToString())).Replace("{service}", Pick(serviceId.ToString()))
            .Replace("{task}", Pick(taskId.ToString())).Replace("{random}", Pick((fuzz?.Guid() ?? Guid.Empty).ToString()))
            .Replace("{n}", Pick("1")).Replace("{long}", Pick("1"));
    }
}
