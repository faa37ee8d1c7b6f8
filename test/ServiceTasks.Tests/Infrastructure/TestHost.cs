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
        OperatorKey = await Factory.CreateKeyAsync(Roles.Operator, appUuid: null);
    }

    public static async Task StopAsync()
    {
        if (Factory is not null) await Factory.DisposeAsync();
    }

    public static HttpClient Anonymous() => Factory.CreateClient(key: null);

    public static HttpClient Operator() => Factory.CreateClient(OperatorKey);

    /// <summary>A scope whose <see cref="AppDbContext"/> sees every app, for asserting on raw rows.</summary>
    public static AsyncServiceScope DbScope(out AppDbContext db) => Factory.DbScope(out db);

    /// <summary>A new app with an admin and an engine key, made through the API as an operator would.</summary>
    public static Task<TestApp> CreateAppAsync(string? callbackUrl = null) => Factory.CreateAppAsync(OperatorKey, callbackUrl);
}

public sealed record TestApp(ServiceTasksFactory Factory, Guid AppUuid, string CallbackSecret, string AdminKey, string EngineKey)
{
    public HttpClient Admin() => Factory.CreateClient(AdminKey);
    public HttpClient Engine() => Factory.CreateClient(EngineKey);
}
