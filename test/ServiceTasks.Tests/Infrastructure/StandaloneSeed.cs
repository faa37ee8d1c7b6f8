
namespace ServiceTasks.Tests.Infrastructure;

/// <summary>An app, an engine key and a MOCK service written straight into a database that out-of-process hosts use.</summary>
internal sealed record StandaloneSeed(Guid AppUuid, string EngineKey, string AdminKey, string OperatorKey, Guid ServiceId)
{
    public static async Task<StandaloneSeed> WriteAsync(string connectionString, Action<ServiceConfiguration>? configure = null)
    {
        await using var db = TestDatabase.Context(connectionString);
        db.Tenant.UseAllApps();
        var now = DateTimeOffset.UtcNow;
        var app = new App { AppUuid = Guid.CreateVersion7(), Name = "standalone", CallbackSecret = "unused", CreatedAt = now };
        var (engine, engineKey) = ApiKeys.Create(Roles.Engine, "engine", app.AppUuid);
        var (admin, adminKey) = ApiKeys.Create(Roles.Admin, "admin", app.AppUuid);
        var (op, operatorKey) = ApiKeys.Create(Roles.Operator, "operator", null);
        var service = new ServiceConfiguration
        {
            Id = Guid.CreateVersion7(), AppUuid = app.AppUuid, ServiceName = "standalone-mock", ServiceType = ServiceTypes.Mock,
            MockDefinition = TestServices.AlwaysSucceeds(), RetryPolicy = TestServices.QuickRetries(), CreatedBy = "test",
            CreatedAt = now, UpdatedAt = now,
        };
        configure?.Invoke(service);
        db.AddRange(app, engine, admin, op, service, ServiceSnapshot.Of(service, "test"));
        await db.SaveChangesAsync();
        return new StandaloneSeed(app.AppUuid, engineKey, adminKey, operatorKey, service.Id);
    }
}
