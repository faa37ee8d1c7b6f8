using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace ServiceTasks.Tests.Data;

[TestClass]
public sealed class SchemaTests
{
    private static readonly string SchemaFile = Path.Combine(RepoPaths.Root, "sql", "schema.sql");

    [TestMethod]
    public async Task Migrate_OnEmptyDatabase_CreatesEveryTableOfTheSpec()
    {
        await using var db = TestDatabase.Context(await TestDatabase.CreateAsync("migrate"));
        await db.Database.MigrateAsync();

        var tables = await db.Database.SqlQueryRaw<string>(
            "SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public'").ToListAsync();
        string[] expected = ["apps", "api_keys", "service_configurations", "service_configuration_versions",
            "service_tasks", "service_execution_logs", "callback_deliveries", "data_protection_keys"];
        foreach (var table in expected) CollectionAssert.Contains(tables, table);
    }

    [TestMethod]
    public async Task SqlFolder_MatchesTheMigrations()
    {
        await using var db = TestDatabase.Context("Host=localhost");
        var generated = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.AreEqual(Normalize(generated), Normalize(await File.ReadAllTextAsync(SchemaFile)),
            "sql/schema.sql has drifted from the EF migrations. Regenerate it with: " +
            "dotnet ef migrations script --idempotent -o sql/schema.sql --project src/ServiceTasks");
    }

    [TestMethod]
    public async Task SqlFolder_AppliedWithPsqlSemantics_LeavesNoPendingMigration()
    {
        var connectionString = await TestDatabase.CreateAsync("sqlfile");
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var apply = new NpgsqlCommand(await File.ReadAllTextAsync(SchemaFile), connection);
            await apply.ExecuteNonQueryAsync();
        }

        await using var db = TestDatabase.Context(connectionString);
        Assert.IsEmpty(await db.Database.GetPendingMigrationsAsync());
        Assert.AreEqual(0, await db.ServiceConfigurations.IgnoreQueryFilters().CountAsync());
    }

    private static string Normalize(string sql) => sql.Replace("\r\n", "\n").Trim('\uFEFF', '\n', ' ');
}
