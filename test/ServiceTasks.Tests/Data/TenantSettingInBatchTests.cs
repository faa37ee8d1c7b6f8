using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ServiceTasks.Tests.Data;

/// <summary>
/// The tenant setting rides in front of EF's first command on a connection (one round trip, not two), without
/// changing what the command answers, and a command that fails takes the setting with it.
/// </summary>
[TestClass]
public sealed class TenantSettingInBatchTests
{
    private static TenantRows _a = null!;
    private static TenantRows _b = null!;

    [ClassInitialize]
    public static async Task SeedAsync(TestContext _) => (_a, _b) = await TenantRows.WriteForTwoNewAppsAsync();

    [TestMethod]
    public async Task FirstQueryOnAConnection_CarriesTheTenantSettingInItsOwnCommand()
    {
        var sent = new CommandTexts();
        await using var db = Context(sent);
        db.Tenant.Use(_a.AppUuid);

        CollectionAssert.AreEqual(new[] { _a.AppUuid }, await VisibleAsync(db));
        Assert.HasCount(1, sent.Texts, "no command of its own for the setting");
        StringAssert.StartsWith(sent.Texts[0], "SELECT set_config('servicetasks.app_uuid'");
    }

    [TestMethod]
    public async Task UpdateCarryingTheSetting_CountsOnlyTheRowsItChanged()
    {
        await using var db = Context(new CommandTexts());
        db.Tenant.Use(_b.AppUuid);
        var changed = await db.ServiceTasks.IgnoreQueryFilters().Where(t => t.Id == _a.TaskId || t.Id == _b.TaskId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.InstanceId, t => t.InstanceId));
        Assert.AreEqual(1, changed, "B's task only; the setting's own row is not counted");
    }

    [TestMethod]
    public async Task CommandThatFails_TakesItsSettingWithIt_AndTheNextCommandSetsItAgain()
    {
        await using var db = Context(new CommandTexts());
        db.Tenant.Use(_a.AppUuid);
        await db.Database.OpenConnectionAsync();
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => db.Database.SqlQuery<int>($"SELECT 1 / 0 AS \"Value\"").ToListAsync());

        CollectionAssert.AreEqual(new[] { _a.AppUuid }, await VisibleAsync(db), "the failed command's implicit transaction undid the setting");
    }

    private static AppDbContext Context(CommandTexts sent)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        options.UseServiceTasksDatabase(TestHost.ConnectionString).AddInterceptors(sent);
        return new AppDbContext(options.Options, new CurrentTenant());
    }

    private static Task<List<Guid>> VisibleAsync(AppDbContext db) =>
        db.ServiceTasks.IgnoreQueryFilters().Where(t => t.Id == _a.TaskId || t.Id == _b.TaskId)
            .OrderBy(t => t.AppUuid).Select(t => t.AppUuid).ToListAsync();

    /// <summary>Every command EF sends, as it leaves (after the tenant interceptor, which is registered first).</summary>
    private sealed class CommandTexts : DbCommandInterceptor
    {
        public List<string> Texts { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Texts.Add(command.CommandText);
            return ValueTask.FromResult(result);
        }
    }
}
