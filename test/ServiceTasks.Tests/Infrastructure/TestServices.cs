using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Tests.Infrastructure;

/// <summary>Service configurations written straight to the database (with their version row), and task helpers.</summary>
internal static class TestServices
{
    public static MockDefinition AlwaysSucceeds(string successJson = """{"ok": true}""") => new()
    {
        SuccessResponse = JsonDocument.Parse(successJson).RootElement.Clone(), MinDelayMs = 0, MaxDelayMs = 0,
    };

    public static MockDefinition AlwaysFails(int status, bool? retryable = null, string name = "Down", int delayMs = 0) => new()
    {
        MinDelayMs = 0, MaxDelayMs = 0,
        ErrorScenarios = [new() { Name = name, Probability = 1, StatusCode = status, ErrorMessage = $"{name} for the test", DelayMs = delayMs, Retryable = retryable }],
    };

    /// <summary>Retries 200 ms apart without jitter, so tests finish quickly and deterministically.</summary>
    public static RetryPolicy QuickRetries(double? deadlineSeconds = null) => new()
    {
        InitialDelaySeconds = 0.2, Multiplier = 1, MaxDelaySeconds = 1, Jitter = "none", DeadlineSeconds = deadlineSeconds,
    };

    public static async Task<ServiceConfiguration> CreateAsync(TestApp app, Action<ServiceConfiguration> configure)
    {
        var now = DateTimeOffset.UtcNow;
        var service = new ServiceConfiguration
        {
            Id = Guid.CreateVersion7(), AppUuid = app.AppUuid, ServiceName = $"svc-{Guid.NewGuid():N}", ServiceType = ServiceTypes.Mock,
            MockDefinition = AlwaysSucceeds(), RetryPolicy = QuickRetries(), CreatedBy = "test", CreatedAt = now, UpdatedAt = now,
        };
        configure(service);
        await using var scope = app.Factory.DbScope(out var db);
        db.ServiceConfigurations.Add(service);
        db.ServiceConfigurationVersions.Add(ServiceSnapshot.Of(service, "test"));
        await db.SaveChangesAsync();
        return service;
    }

    /// <summary>A new app with one always-succeeding MOCK service, for a class whose tests share both.</summary>
    public static async Task<(TestApp App, Guid ServiceId)> CreateAppWithServiceAsync()
    {
        var app = await TestHost.CreateAppAsync();
        return (app, (await CreateAsync(app, _ => { })).Id);
    }

    /// <summary>
    /// A task row written straight to the database with no job, as enqueueing leaves a PENDING one; <paramref name="configure"/>
    /// sets what the test is about.
    /// </summary>
    public static async Task<ServiceTask> WriteTaskAsync(TestApp app, Guid serviceId, Action<ServiceTask> configure)
    {
        var task = new ServiceTask
        {
            Id = Guid.CreateVersion7(), AppUuid = app.AppUuid, InstanceId = $"wf-{Guid.NewGuid():N}", TaskId = "n",
            ServiceConfigId = serviceId, ConfigVersion = 1, IdempotencyKey = Guid.NewGuid().ToString(), CreatedAt = DateTimeOffset.UtcNow,
        };
        configure(task);
        await using var scope = app.Factory.DbScope(out var db);
        db.ServiceTasks.Add(task);
        await db.SaveChangesAsync();
        return task;
    }

    public static async Task<Guid> EnqueueAsync(HttpClient client, Guid serviceId, object? input = null, string? callbackUrl = null)
    {
        var response = await client.PostAsJsonAsync("/api/service-tasks", new
        {
            service_config_id = serviceId, instance_id = $"wf-{Guid.NewGuid():N}", task_id = "node-1",
            input_data = input ?? new { name = "Ada" }, callback_url = callbackUrl,
        });
        var task = await response.JsonAsync(HttpStatusCode.Accepted);
        return Guid.Parse(task["id"]!.GetValue<string>());
    }

    public static Task<JsonNode> WaitForStatusAsync(HttpClient client, Guid taskId, string status, int timeoutSeconds = 60) =>
        Eventually.WaitAsync(
            async () => await (await client.GetAsync($"/api/service-tasks/{taskId}")).JsonAsync(HttpStatusCode.OK),
            task => task["status"]!.GetValue<string>() == status,
            TimeSpan.FromSeconds(timeoutSeconds), $"task {taskId} to be {status}");

    /// <summary>The Hangfire job the task's row names now, in the shared host's database or in <paramref name="host"/>'s.</summary>
    public static async Task<string> HangfireJobIdAsync(Guid taskId, ServiceTasksFactory? host = null)
    {
        await using var scope = (host ?? TestHost.Factory).DbScope(out var db);
        return (await db.ServiceTasks.SingleAsync(t => t.Id == taskId)).HangfireJobId!;
    }
}
