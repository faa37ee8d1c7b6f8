using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceTasks.Tests.Infrastructure;

/// <summary>
/// The web host shared by the whole run, started by the first test that uses it; tests isolate themselves by creating
/// apps (tenants) of their own.
/// </summary>
internal static class TestHost
{
    private sealed record Shared(ServiceTasksFactory Factory, string ConnectionString, string OperatorKey);

    private static readonly Lazy<Task<Shared>> Started = new(StartAsync);

    // MSTest runs tests on pool threads with no synchronisation context, so waiting here cannot deadlock.
    private static Shared Current => Started.Value.GetAwaiter().GetResult();

    public static ServiceTasksFactory Factory => Current.Factory;
    public static string ConnectionString => Current.ConnectionString;
    public static string OperatorKey => Current.OperatorKey;

    private static async Task<Shared> StartAsync()
    {
        var connectionString = await TestDatabase.CreateAsync("shared");
        var factory = new ServiceTasksFactory(connectionString).Start();
        return new Shared(factory, connectionString, await factory.CreateKeyAsync(Roles.Operator, appUuid: null));
    }

    /// <summary>
    /// Hangfire keeps its log provider and storage in statics, which the last host started took over: a host that stops
    /// hands them back to the shared one first, or the shared host would log through a disposed logger factory.
    /// </summary>
    public static void ReclaimHangfireStatics(ServiceTasksFactory stopping)
    {
        if (!Started.IsValueCreated || !Started.Value.IsCompletedSuccessfully || ReferenceEquals(stopping, Factory)) return;
        var shared = Factory.Services;
        LogProvider.SetCurrentLogProvider(new AspNetCoreLogProvider(shared.GetRequiredService<ILoggerFactory>()));
        GlobalConfiguration.Configuration.UseStorage(shared.GetRequiredService<JobStorage>());
    }

    public static async Task StopAsync()
    {
        if (Started.IsValueCreated) await (await Started.Value).Factory.DisposeAsync();
    }

    public static HttpClient Anonymous() => Factory.CreateClient(key: null);

    public static HttpClient Operator() => Factory.CreateClient(OperatorKey);

    /// <summary>A scope whose <see cref="AppDbContext"/> sees every app, for asserting on raw rows.</summary>
    public static AsyncServiceScope DbScope(out AppDbContext db) => Factory.DbScope(out db);

    /// <summary>A new app with an admin and an engine key, made through the API as an operator would.</summary>
    public static Task<TestApp> CreateAppAsync(string? callbackUrl = null) => Factory.CreateAppAsync(OperatorKey, callbackUrl);
}
