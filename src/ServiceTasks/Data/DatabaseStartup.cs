using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace ServiceTasks.Data;

internal static class DatabaseStartup
{
    /// <summary>Applies the EF migrations (EF serialises concurrent migrators) and creates the first operator key.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // EF's migrator reads the history table before it creates it, and a first start would log that failed read as
        // an error. Created first (IF NOT EXISTS, safe against a concurrent start), the read finds it empty.
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync()) await creator.CreateAsync();
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync();
        await db.Database.MigrateAsync();
        await WarnIfRowSecurityBypassedAsync(db, app.Services.GetRequiredService<ILoggerFactory>());
        await OperatorBootstrap.EnsureOperatorKeyAsync(db, Console.Out);
    }

    private sealed record ConnectedRole(string Name, bool Bypasses);

    /// <summary>
    /// A superuser or a BYPASSRLS role is not bound by the tenant policies (FORCE ROW LEVEL SECURITY binds only the
    /// owner). The service still runs, with the EF filters as its one wall; the operator is told once.
    /// </summary>
    private static async Task WarnIfRowSecurityBypassedAsync(AppDbContext db, ILoggerFactory loggers)
    {
        var role = await db.Database.SqlQuery<ConnectedRole>(
            $"SELECT rolname AS name, rolsuper OR rolbypassrls AS bypasses FROM pg_roles WHERE rolname = current_user").SingleAsync();
        if (!role.Bypasses) return;
        loggers.CreateLogger(typeof(DatabaseStartup)).LogWarning(
            "Row-level security is bypassed: the database role {Role} is a superuser or has BYPASSRLS, so only the service's own " +
            "query filters keep apps apart. Connect as a role with NOSUPERUSER NOBYPASSRLS that owns the database (docs/reliability.md).",
            role.Name);
    }
}
