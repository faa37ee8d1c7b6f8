using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ServiceTasks.Tests.Data;

/// <summary>
/// The second tenant wall on the shared database, as the service's own role: code that forgets the app filter
/// (IgnoreQueryFilters, raw SQL) still gets nothing of another app, and cannot write another app's rows.
/// </summary>
[TestClass]
public sealed class RowLevelSecurityTests
{
    private static TenantRows _a = null!;
    private static TenantRows _b = null!;

    [ClassInitialize]
    public static async Task SeedAsync(TestContext _) => (_a, _b) = await TenantRows.WriteForTwoNewAppsAsync();

    [TestMethod]
    public async Task AsAppA_EfQueriesWithoutTheFilter_ReturnNoneOfAppBsRows()
    {
        await using var db = Scoped(_a.AppUuid);
        Assert.IsNull(await db.ServiceTasks.IgnoreQueryFilters().FirstOrDefaultAsync(t => t.Id == _b.TaskId));
        Assert.IsNull(await db.ServiceConfigurations.IgnoreQueryFilters().FirstOrDefaultAsync(s => s.Id == _b.ServiceId));
        Assert.IsFalse(await db.ServiceConfigurationVersions.IgnoreQueryFilters().AnyAsync(v => v.ServiceConfigId == _b.ServiceId));
        Assert.IsNull(await db.ServiceExecutionLogs.IgnoreQueryFilters().FirstOrDefaultAsync(l => l.Id == _b.LogId));
        Assert.IsNull(await db.CallbackDeliveries.IgnoreQueryFilters().FirstOrDefaultAsync(d => d.Id == _b.DeliveryId));
        // Not vacuous: the same queries find A's own rows.
        Assert.IsNotNull(await db.ServiceTasks.IgnoreQueryFilters().FirstOrDefaultAsync(t => t.Id == _a.TaskId));
        Assert.IsNotNull(await db.CallbackDeliveries.IgnoreQueryFilters().FirstOrDefaultAsync(d => d.Id == _a.DeliveryId));
    }

    [TestMethod]
    public async Task AsAppA_RawSqlOverEveryTenantTable_SeesOnlyAppA()
    {
        await using var db = Scoped(_a.AppUuid);
        await using var superuser = TestDatabase.Context(TestDatabase.Superuser(TestHost.ConnectionString));
        foreach (var table in TenantRows.Tables)
        {
            CollectionAssert.AreEqual(new[] { _a.AppUuid }, await AppsInAsync(db, table), table);
            CollectionAssert.Contains(await AppsInAsync(superuser, table), _b.AppUuid, $"{table} holds B's row, out of A's sight");
        }
    }

    [TestMethod]
    public async Task AsAppA_WritingAppBsRows_IsRefused_AndTheirUpdatesAndDeletesMatchNothing()
    {
        await using var db = Scoped(_a.AppUuid);
        db.ServiceTasks.Add(TenantRows.NewTask(_b.AppUuid, _b.ServiceId));
        var insert = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.AreEqual(PostgresErrorCodes.InsufficientPrivilege, ((PostgresException)insert.InnerException!).SqlState);
        db.ChangeTracker.Clear();

        var move = await Assert.ThrowsAsync<PostgresException>(() =>
            db.Database.ExecuteSqlAsync($"UPDATE service_configurations SET app_uuid = {_b.AppUuid} WHERE id = {_a.ServiceId}"));
        Assert.AreEqual(PostgresErrorCodes.InsufficientPrivilege, move.SqlState);
        Assert.AreEqual(0, await db.Database.ExecuteSqlAsync($"UPDATE service_tasks SET error_message = 'touched' WHERE id = {_b.TaskId}"));
        Assert.AreEqual(0, await db.Database.ExecuteSqlAsync($"DELETE FROM service_execution_logs WHERE id = {_b.LogId}"));
        Assert.AreEqual(0, await db.Database.ExecuteSqlAsync($"DELETE FROM callback_deliveries WHERE app_uuid = {_b.AppUuid}"));

        await using var all = Scoped(null, allApps: true);
        var bTask = await all.ServiceTasks.AsNoTracking().SingleAsync(t => t.Id == _b.TaskId);
        Assert.IsNull(bTask.ErrorMessage);
        Assert.IsTrue(await all.ServiceExecutionLogs.AnyAsync(l => l.Id == _b.LogId));
        Assert.IsTrue(await all.CallbackDeliveries.AnyAsync(d => d.Id == _b.DeliveryId));
        Assert.AreEqual(_a.AppUuid, (await all.ServiceConfigurations.AsNoTracking().SingleAsync(s => s.Id == _a.ServiceId)).AppUuid);
    }

    [TestMethod]
    public async Task WithNoTenantSet_NoRowIsVisible_AndNoneCanBeWritten()
    {
        await using var db = Scoped(null);
        foreach (var table in TenantRows.Tables) Assert.IsEmpty(await AppsInAsync(db, table), table);
        Assert.AreEqual(0, await db.ServiceTasks.IgnoreQueryFilters().CountAsync());

        db.ServiceTasks.Add(TenantRows.NewTask(_a.AppUuid, _a.ServiceId));
        var insert = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.AreEqual(PostgresErrorCodes.InsufficientPrivilege, ((PostgresException)insert.InnerException!).SqlState);
    }

    [TestMethod]
    public async Task AllAppsBypass_SeesAndWritesEveryApp()
    {
        await using var db = Scoped(null, allApps: true);
        foreach (var table in TenantRows.Tables)
        {
            var apps = await AppsInAsync(db, table);
            CollectionAssert.IsSubsetOf(new[] { _a.AppUuid, _b.AppUuid }, apps, table);
        }
        Assert.AreEqual(2, await db.Database.ExecuteSqlAsync(
            $"UPDATE service_tasks SET instance_id = instance_id WHERE id IN ({_a.TaskId}, {_b.TaskId})"));
    }

    [TestMethod]
    public async Task TheServiceAndTheTests_ConnectAsARoleThatRowSecurityBinds()
    {
        await using var scope = TestHost.DbScope(out var host);
        var role = await host.Database.SqlQuery<RoleRow>(
            $"SELECT rolname AS name, rolsuper AS superuser, rolbypassrls AS bypass FROM pg_roles WHERE rolname = current_user").SingleAsync();
        Assert.AreEqual(TestDatabase.AppRole, role.Name, "the in-process host connects as the application role");
        Assert.IsFalse(role.Superuser);
        Assert.IsFalse(role.Bypass);

        var tables = await host.Database.SqlQuery<TableRow>($"""
            SELECT relname AS name, relrowsecurity AS enabled, relforcerowsecurity AS forced, pg_get_userbyid(relowner) AS owner
            FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace
            """).ToListAsync();
        CollectionAssert.AreEquivalent(TenantRows.Tables, tables.Where(t => t.Enabled).Select(t => t.Name).ToList(),
            "row security on exactly the tenant tables (apps and api_keys are global)");
        foreach (var table in tables.Where(t => t.Enabled))
        {
            Assert.IsTrue(table.Forced, $"{table.Name}: FORCE, or its owner would be exempt");
            Assert.AreEqual(TestDatabase.AppRole, table.Owner, $"{table.Name} is owned by the role the service runs as");
        }
        Assert.IsFalse(CapturedLogs.Instance.Lines.Any(l => l.Contains("Row-level security is bypassed")));
    }

    private sealed record RoleRow(string Name, bool Superuser, bool Bypass);

    private sealed record TableRow(string Name, bool Enabled, bool Forced, string Owner);

    private static AppDbContext Scoped(Guid? appUuid, bool allApps = false)
    {
        var db = TestDatabase.Context(TestHost.ConnectionString);
        if (appUuid is { } app) db.Tenant.Use(app);
        if (allApps) db.Tenant.UseAllApps();
        return db;
    }

    /// <summary>The apps among A and B with a row in the table, by raw SQL that names no app.</summary>
    private static Task<List<Guid>> AppsInAsync(AppDbContext db, string table)
    {
        var sql = $"SELECT DISTINCT app_uuid AS \"Value\" FROM {table} WHERE app_uuid IN ({{0}}, {{1}}) ORDER BY 1"; // table: a constant of ours
        return db.Database.SqlQueryRaw<Guid>(sql, _a.AppUuid, _b.AppUuid).ToListAsync();
    }
}
