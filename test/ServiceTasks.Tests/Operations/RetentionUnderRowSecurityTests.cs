using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ServiceTasks.Tests.Operations;

/// <summary>
/// A job of every app must still reach every app: raw SQL is not scoped by the EF filters, but it is by row-level
/// security, so a job that forgot its all-apps bypass would silently delete nothing.
/// </summary>
[TestClass]
public sealed class RetentionUnderRowSecurityTests
{
    [TestMethod]
    public async Task RetentionJob_AsTheAppRole_DeletesTheOldRowsOfEveryApp()
    {
        var connectionString = await TestDatabase.CreateAsync("rls-retention");
        await using (var migrate = TestDatabase.Context(connectionString)) await migrate.Database.MigrateAsync();
        var old = DateTimeOffset.UtcNow.AddDays(-400);
        var apps = new List<TenantRows>();
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var app = new App { AppUuid = Guid.CreateVersion7(), Name = $"rls-{Guid.NewGuid():N}", CallbackSecret = "unused", CreatedAt = old };
            await using (var db = TestDatabase.Context(connectionString))
            {
                db.Apps.Add(app);
                await db.SaveChangesAsync();
            }
            apps.Add(await TenantRows.WriteAsync(connectionString, app.AppUuid, old));
        }

        // As Hangfire activates it: a fresh scope whose tenant nobody set.
        await using (var db = TestDatabase.Context(connectionString))
        {
            var job = new RetentionJob(db, Options.Create(new RetentionOptions()), TimeProvider.System, NullLogger<RetentionJob>.Instance);
            await job.RunAsync(CancellationToken.None);
        }

        await using var check = TestDatabase.Context(TestDatabase.Superuser(connectionString));
        check.Tenant.UseAllApps();
        foreach (var app in apps)
        {
            Assert.IsFalse(await check.ServiceExecutionLogs.AnyAsync(l => l.AppUuid == app.AppUuid), "old logs of every app are gone");
            Assert.IsFalse(await check.ServiceTasks.AnyAsync(t => t.AppUuid == app.AppUuid), "old finished tasks of every app are gone");
            Assert.IsFalse(await check.CallbackDeliveries.AnyAsync(d => d.AppUuid == app.AppUuid));
            Assert.IsTrue(await check.ServiceConfigurations.AnyAsync(s => s.AppUuid == app.AppUuid), "services are not retention's to delete");
        }
    }
}
