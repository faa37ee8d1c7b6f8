using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ServiceTasks.Tests.Infrastructure;

/// <summary>The real host on a real loopback port (Kestrel, not TestServer), so limits and sockets behave as in production.</summary>
internal sealed class ServiceTasksFactory(string connectionString, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    public Uri BaseAddress { get; private set; } = null!;

    public ServiceTasksFactory Start()
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        BaseAddress = new Uri(addresses.Addresses.First());
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureLogging(logging => logging.AddProvider(CapturedLogs.Instance).SetMinimumLevel(LogLevel.Debug));
        // UseSetting, not ConfigureAppConfiguration: Program reads these before the host is built.
        builder.UseSetting("ConnectionStrings:ServiceTasks", connectionString);
        builder.UseSetting("Http:AllowPrivateNetworks", "true");
        builder.UseSetting("Hangfire:WorkerCount", "10");
        builder.UseSetting("DataProtection:CertificatePath", TestKeyRing.SharedPath);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
    }

    /// <summary>A scope whose <see cref="AppDbContext"/> sees every app, for asserting on raw rows.</summary>
    public AsyncServiceScope DbScope(out AppDbContext db)
    {
        var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().UseAllApps();
        db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return scope;
    }

    public async Task<string> CreateKeyAsync(string role, Guid? appUuid)
    {
        await using var scope = DbScope(out var db);
        var (row, key) = ApiKeys.Create(role, $"test-{role}", appUuid);
        db.ApiKeys.Add(row);
        await db.SaveChangesAsync();
        return key;
    }

    /// <summary>A new app with an admin and an engine key, made through the API as an operator would.</summary>
    public async Task<TestApp> CreateAppAsync(string operatorKey, string? callbackUrl = null)
    {
        using var op = CreateClient(operatorKey);
        var created = await op.PostAsJsonAsync("/api/apps", new { name = $"app-{Guid.NewGuid():N}", callback_url = callbackUrl });
        var app = await created.JsonAsync(HttpStatusCode.Created);
        var appUuid = Guid.Parse(app["app_uuid"]!.GetValue<string>());

        async Task<string> Key(string role)
        {
            var response = await op.PostAsJsonAsync($"/api/apps/{appUuid}/keys", new { role, name = role });
            return (await response.JsonAsync(HttpStatusCode.Created))["key"]!.GetValue<string>();
        }

        return new TestApp(this, appUuid, app["callback_secret"]!.GetValue<string>(), await Key(Roles.Admin), await Key(Roles.Engine));
    }

    public override async ValueTask DisposeAsync()
    {
        TestHost.ReclaimHangfireStatics(this);
        await base.DisposeAsync();
    }

    public HttpClient CreateClient(string? key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }
}
