using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ServiceTasks.Tests.Data;

/// <summary>
/// How the tenant reaches the connection: set before the first command that needs it, again when it changes on an open connection (also
/// after a rollback undid it), and gone when the pool hands the connection to the next borrower.
/// </summary>
[TestClass]
public sealed class TenantSessionTests
{
    private static TenantRows _a = null!;
    private static TenantRows _b = null!;

    [ClassInitialize]
    public static async Task SeedAsync(TestContext _) => (_a, _b) = await TenantRows.WriteForTwoNewAppsAsync();

    [TestMethod]
    public async Task TenantChangedOnAnOpenConnection_IsSetAgainBeforeTheNextCommand_EvenAfterARollbackUndidIt()
    {
        await using var db = TestDatabase.Context(TestHost.ConnectionString);
        db.Tenant.Use(_a.AppUuid);
        await db.Database.OpenConnectionAsync();
        CollectionAssert.AreEqual(new[] { _a.AppUuid }, await VisibleAsync(db));

        db.Tenant.Use(_b.AppUuid);
        CollectionAssert.AreEqual(new[] { _b.AppUuid }, await VisibleAsync(db));

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            db.Tenant.Use(_a.AppUuid);
            CollectionAssert.AreEqual(new[] { _a.AppUuid }, await VisibleAsync(db), "inside the transaction");
            await transaction.RollbackAsync(); // takes the session back to B on the server
        }
        CollectionAssert.AreEqual(new[] { _a.AppUuid }, await VisibleAsync(db), "after the rollback");

        db.Tenant.UseAllApps();
        CollectionAssert.AreEquivalent(new[] { _a.AppUuid, _b.AppUuid }, await VisibleAsync(db));
    }

    [TestMethod]
    public async Task ConnectionOpenedPastEf_GetsTheTenantBeforeEfsFirstCommand()
    {
        await using var db = TestDatabase.Context(TestHost.ConnectionString);
        db.Tenant.Use(_b.AppUuid);
        await db.Database.GetDbConnection().OpenAsync(); // fires no EF connection interceptor
        CollectionAssert.AreEqual(new[] { _b.AppUuid }, await VisibleAsync(db));
    }

    [TestMethod]
    public async Task PooledConnection_ReusedByAnotherTenant_SeesNothingOfTheFirstTenant()
    {
        // A pool of its own with one connection: every borrower below gets the same server process. No automatic
        // preparation, as the product runs, so the raw borrower's connection string names the very same pool.
        var pooled = new NpgsqlConnectionStringBuilder(TestHost.ConnectionString)
        {
            MaxPoolSize = 1, ApplicationName = $"rls-pool-{Guid.NewGuid():N}",
        }.ConnectionString;
        int pid;
        await using (var first = TestDatabase.Context(pooled))
        {
            first.Tenant.Use(_a.AppUuid);
            pid = await BackendPidAsync(first);
            CollectionAssert.AreEqual(new[] { _a.AppUuid }, await VisibleAsync(first));
        }

        // A borrower that is not EF (Hangfire, a raw query) sets nothing: the pool's reset must have cleared A.
        await using (var raw = new NpgsqlConnection(pooled))
        {
            await raw.OpenAsync();
            await using var command = new NpgsqlCommand("""
                SELECT pg_backend_pid(), coalesce(current_setting('servicetasks.app_uuid', true), ''),
                       coalesce(current_setting('servicetasks.all_apps', true), ''), (SELECT count(*) FROM service_tasks WHERE id = $1)
                """, raw);
            command.Parameters.AddWithValue(_a.TaskId);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            Assert.AreEqual(pid, reader.GetInt32(0), "the same pooled server process");
            Assert.AreEqual("", reader.GetString(1));
            Assert.AreEqual("", reader.GetString(2));
            Assert.AreEqual(0, reader.GetInt64(3));
        }

        await using (var second = TestDatabase.Context(pooled))
        {
            second.Tenant.Use(_b.AppUuid);
            Assert.AreEqual(pid, await BackendPidAsync(second));
            CollectionAssert.AreEqual(new[] { _b.AppUuid }, await VisibleAsync(second));
        }
        await using (var none = TestDatabase.Context(pooled))
        {
            Assert.AreEqual(pid, await BackendPidAsync(none));
            Assert.IsEmpty(await VisibleAsync(none));
        }
    }

    /// <summary>The apps whose task among A's and B's the context sees, with the EF filter switched off.</summary>
    private static Task<List<Guid>> VisibleAsync(AppDbContext db) =>
        db.ServiceTasks.IgnoreQueryFilters().Where(t => t.Id == _a.TaskId || t.Id == _b.TaskId)
            .OrderBy(t => t.AppUuid).Select(t => t.AppUuid).ToListAsync();

    private static Task<int> BackendPidAsync(AppDbContext db) =>
        db.Database.SqlQuery<int>($"SELECT pg_backend_pid() AS \"Value\"").SingleAsync();
}
