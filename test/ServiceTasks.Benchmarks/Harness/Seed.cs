using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ServiceTasks.Apps;
using ServiceTasks.Auth;
using ServiceTasks.Data;
using ServiceTasks.Services;

namespace ServiceTasks.Benchmarks.Harness;

/// <summary>An app with engine and admin keys and MOCK services, written straight into a database the product has migrated.</summary>
internal sealed record Seed(Guid AppUuid, string EngineKey, string AdminKey, IReadOnlyList<Guid> ServiceIds)
{
    /// <summary>A WHERE condition for this app's rows: a figure counts only its own on a shared database.</summary>
    public string OwnRows => $"app_uuid = '{AppUuid}'";

    public static async Task<Seed> WriteAsync(string connectionString, Guid? appUuid = null, params ServiceConfiguration[] services)
    {
        await using var db = Context(connectionString);
        var now = DateTimeOffset.UtcNow;
        var app = new App { AppUuid = appUuid ?? Guid.CreateVersion7(), Name = $"bench-{Guid.NewGuid():N}"[..20], CallbackSecret = "unused", CreatedAt = now };
        var (engine, engineKey) = ApiKeys.Create(Roles.Engine, "bench-engine", app.AppUuid);
        var (admin, adminKey) = ApiKeys.Create(Roles.Admin, "bench-admin", app.AppUuid);
        db.AddRange(app, engine, admin);
        foreach (var service in services)
        {
            service.AppUuid = app.AppUuid;
            db.AddRange(service, ServiceSnapshot.Of(service, "bench"));
        }
        await db.SaveChangesAsync();
        return new Seed(app.AppUuid, engineKey, adminKey, services.Select(s => s.Id).ToList());
    }

    /// <summary>A MOCK service that answers at once (0 ms delay); <paramref name="failWithRetryAfterSeconds"/> makes it fail and retry once after that many seconds.</summary>
    public static ServiceConfiguration Mock(string name, int? failWithRetryAfterSeconds = null)
    {
        var now = DateTimeOffset.UtcNow;
        var fails = failWithRetryAfterSeconds is not null;
        return new ServiceConfiguration
        {
            Id = Guid.CreateVersion7(), ServiceName = name, ServiceType = ServiceTypes.Mock, CreatedBy = "bench", CreatedAt = now, UpdatedAt = now,
            MaxRetries = fails ? 1 : 0,
            MockDefinition = fails
                ? new MockDefinition
                {
                    MinDelayMs = 0, MaxDelayMs = 0,
                    ErrorScenarios = [new() { Name = "Down", Probability = 1, StatusCode = 503, ErrorMessage = "down", Retryable = true }],
                }
                : new MockDefinition { SuccessResponse = JsonDocument.Parse("""{"ok": true}""").RootElement.Clone(), MinDelayMs = 0, MaxDelayMs = 0 },
            RetryPolicy = new RetryPolicy
            {
                InitialDelaySeconds = failWithRetryAfterSeconds ?? 1, Multiplier = 1, MaxDelaySeconds = 60, Jitter = "none",
            },
        };
    }

    public static AppDbContext Context(string connectionString)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        options.UseServiceTasksDatabase(connectionString);
        var db = new AppDbContext(options.Options, new CurrentTenant());
        db.Tenant.UseAllApps();
        return db;
    }
}
