using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using ServiceTasks.Auth;
using ServiceTasks.Data;

namespace ServiceTasks.Tests.Infrastructure;

/// <summary>The web host shared by the whole run; tests isolate themselves by creating apps (tenants) of their own.</summary>
public static class TestHost
{
    public static ServiceTasksFactory Factory { get; private set; } = null!;
    public static string ConnectionString { get; private set; } = "";
    public static string OperatorKey { get; private set; } = "";

    public static async Task StartAsync()
    {
        ConnectionString = await TestDatabase.CreateAsync("shared");
        Factory = new ServiceTasksFactory(ConnectionString).Start();
        OperatorKey = await CreateKeyAsync(Roles.Operator, appUuid: null);
    }

    public static async Task StopAsync()
    {
        if (Factory is not null) await Factory.DisposeAsync();
    }

    public static HttpClient Anonymous() => Factory.CreateClient(key: null);

    public static HttpClient Operator() => Factory.CreateClient(OperatorKey);

    /// <summary>A scope whose <see cref="AppDbContext"/> sees every app, for asserting on raw rows.</summary>
    public static AsyncServiceScope DbScope(out AppDbContext db)
    {
        var scope = Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().UseAllApps();
        db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return scope;
    }

    public static async Task<string> CreateKeyAsync(string role, Guid? appUuid)
    {
        await using var scope = DbScope(out var db);
        var (row, key) = ApiKeys.Create(role, $"test-{role}", appUuid);
        db.ApiKeys.Add(row);
        await db.SaveChangesAsync();
        return key;
    }

    /// <summary>A new app with an admin and an engine key, made through the API as an operator would.</summary>
    public static async Task<TestApp> CreateAppAsync(string? callbackUrl = null)
    {
        using var op = Operator();
        var created = await op.PostAsJsonAsync("/api/apps", new { name = $"app-{Guid.NewGuid():N}", callback_url = callbackUrl });
        var app = await created.JsonAsync(System.Net.HttpStatusCode.Created);
        var appUuid = Guid.Parse(app["app_uuid"]!.GetValue<string>());

        async Task<string> Key(string role)
        {
            var response = await op.PostAsJsonAsync($"/api/apps/{appUuid}/keys", new { role, name = role });
            return (await response.JsonAsync(System.Net.HttpStatusCode.Created))["key"]!.GetValue<string>();
        }

        var adminKey = await Key(Roles.Admin);
        var engineKey = await Key(Roles.Engine);
        return new TestApp(appUuid, app["callback_secret"]!.GetValue<string>(), adminKey, engineKey);
    }
}

public sealed record TestApp(Guid AppUuid, string CallbackSecret, string AdminKey, string EngineKey)
{
    public HttpClient Admin() => TestHost.Factory.CreateClient(AdminKey);
    public HttpClient Engine() => TestHost.Factory.CreateClient(EngineKey);
}
