using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ServiceTasks.Tests.Reliability;

/// <summary>
/// Apps doing normal work on the shared host's connection pool while others make PostgreSQL reject their statements:
/// bad bytes through the API, and through EF straight to the database (past the API's text checks) bad bytes in text
/// and jsonb, a duplicate service name and a check violation. Whatever fails must fail alone.
/// </summary>
internal sealed class ConnectionStress(IReadOnlyList<TestApp> apps)
{
    public const string UnexpectedMessage = "unexpected backend message";
    private static readonly HashSet<string> ExpectedRejections = ["22021", "22P05", "23505", "23514"];

    public ConcurrentQueue<string> Failures { get; } = new();
    public int Operations => _operations;
    private int _operations;

    public async Task RunAsync(int workers, Func<int, bool> goOn)
    {
        var logStart = CapturedLogs.Instance.Lines.Count;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkAsync(w, goOn))));
        foreach (var line in CapturedLogs.Instance.Lines.Skip(logStart))
            if (line.Contains(UnexpectedMessage, StringComparison.OrdinalIgnoreCase))
                Failures.Enqueue($"log holds '{UnexpectedMessage}': {line[..Math.Min(line.Length, 200)]}");
    }

    private async Task WorkAsync(int worker, Func<int, bool> goOn)
    {
        var app = apps[worker % apps.Count];
        using var admin = app.Admin();
        for (var i = 0; goOn(Interlocked.Increment(ref _operations)); i++)
        {
            var step = $"worker {worker} op {i}";
            try
            {
                var work = (i % 6) switch
                {
                    0 => RejectedWriteAsync(app, i / 6 % 4, step),
                    1 => HttpAsync(admin, step, Body($"bad-{Guid.NewGuid():N}", "x\u0000y"), allow4xx: true),
                    2 => HttpAsync(admin, step, Body("dup", "taken"), allow4xx: true),
                    3 => OwnRowsThroughEfAsync(app, step),
                    4 => OwnRowsThroughApiAsync(admin, app, step),
                    _ => HttpAsync(admin, step, Body($"ok-{Guid.NewGuid():N}", "clean"), allow4xx: false),
                };
                await work;
            }
            catch (Exception e)
            {
                Failures.Enqueue($"{step}: {e.GetType().Name}: {e.Message}");
            }
        }
    }

    private static JsonObject Body(string name, string description) => new()
    {
        ["service_name"] = name, ["description"] = description, ["service_type"] = "MOCK", ["mock_template_id"] = "weather_service_mock",
    };

    private async Task HttpAsync(HttpClient admin, string step, JsonObject body, bool allow4xx)
    {
        using var response = await admin.PostAsJsonAsync("/api/services", body);
        var status = (int)response.StatusCode;
        if (status >= 500 || (!allow4xx && status != 201))
            Failures.Enqueue($"{step}: POST /api/services {body["service_name"]} -> {status} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A statement PostgreSQL refuses, sent past the API: bad text, bad jsonb, a duplicate name, a check violation.</summary>
    private async Task RejectedWriteAsync(TestApp app, int kind, string step)
    {
        await using var scope = Scope(app, out var db);
        var service = new ServiceConfiguration
        {
            Id = Guid.CreateVersion7(), AppUuid = app.AppUuid, ServiceName = $"ef-{Guid.NewGuid():N}", ServiceType = ServiceTypes.Mock,
            MockDefinition = TestServices.AlwaysSucceeds(), CreatedBy = "stress", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        };
        switch (kind)
        {
            case 0: service.Description = "x\u0000y"; break;
            case 1: service.MockDefinition = TestServices.AlwaysSucceeds("""{"a": "x\u0000y"}"""); break;
            case 2: service.ServiceName = "dup"; break;
            default: service.ServiceType = "BOGUS"; break;
        }
        db.ServiceConfigurations.Add(service);
        db.ServiceConfigurationVersions.Add(ServiceSnapshot.Of(service, "stress"));
        try
        {
            await db.SaveChangesAsync();
            Failures.Enqueue($"{step}: a write PostgreSQL must refuse (kind {kind}) was stored");
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: var state } && ExpectedRejections.Contains(state))
        {
        }
    }

    private async Task OwnRowsThroughEfAsync(TestApp app, string step)
    {
        await using var scope = Scope(app, out var db);
        var owners = await db.ServiceConfigurations.AsNoTracking().OrderByDescending(s => s.CreatedAt).Take(20)
            .Select(s => new { s.AppUuid, s.ServiceName }).ToListAsync();
        foreach (var row in owners.Where(r => r.AppUuid != app.AppUuid))
            Failures.Enqueue($"{step}: EF read of app {app.AppUuid} returned {row.ServiceName} of app {row.AppUuid}");
    }

    private async Task OwnRowsThroughApiAsync(HttpClient admin, TestApp app, string step)
    {
        using var response = await admin.GetAsync("/api/services?page_size=20");
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != 200) { Failures.Enqueue($"{step}: GET /api/services -> {(int)response.StatusCode} {text}"); return; }
        foreach (var item in JsonNode.Parse(text)!["items"]!.AsArray())
            if (item!["app_uuid"]?.GetValue<string>() != app.AppUuid.ToString())
                Failures.Enqueue($"{step}: GET /api/services of app {app.AppUuid} answered {item.ToJsonString()}");
    }

    private static AsyncServiceScope Scope(TestApp app, out AppDbContext db)
    {
        var scope = app.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Use(app.AppUuid);
        db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return scope;
    }

    public static async Task<ConnectionStress> PrepareAsync(int appCount)
    {
        var apps = new List<TestApp>();
        for (var i = 0; i < appCount; i++)
        {
            var app = await TestHost.CreateAppAsync();
            await TestServices.CreateAsync(app, s => s.ServiceName = "dup");
            apps.Add(app);
        }
        return new ConnectionStress(apps);
    }

    public static Func<int, bool> For(TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        return _ => clock.Elapsed < duration;
    }

    public static Func<int, bool> Count(int operations) => n => n <= operations;
}
