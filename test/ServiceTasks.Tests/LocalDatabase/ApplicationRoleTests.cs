using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace ServiceTasks.Tests.LocalDatabase;

/// <summary>The role the service runs as: on its own local cluster, after an older data folder, and the warning when bypassed.</summary>
[TestClass]
public sealed class ApplicationRoleTests
{
    private const string BypassWarning = "Row-level security is bypassed";

    [TestMethod]
    public async Task Start_AsASuperuser_WarnsOnceThatRowSecurityIsBypassed_AndStillServes()
    {
        var superuser = TestDatabase.Superuser(await TestDatabase.CreateAsync("rls-superuser"));
        await using var process = ServiceProcess.Start(new Dictionary<string, string?>
        {
            ["ConnectionStrings__ServiceTasks"] = superuser, ["ServiceTasks__Roles"] = "api",
        });
        var line = await process.WaitForLineAsync(l => l.Contains(BypassWarning), TimeSpan.FromSeconds(90));
        StringAssert.Contains(line, new NpgsqlConnectionStringBuilder(superuser).Username!);
        using var probe = new HttpClient { BaseAddress = process.BaseAddress };
        await Readiness.WaitReadyAsync(probe);
        Assert.AreEqual(1, process.Lines.Count(l => l.Contains(BypassWarning)));
    }

    [TestMethod]
    public async Task Start_WithoutAConnectionString_RunsTheLocalClusterAsTheApplicationRole()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"servicetasks-rls-local-{Guid.NewGuid():N}")).FullName;
        var dataDir = Path.Combine(folder, "data");
        try
        {
            await using (var process = ServiceProcess.Start(new Dictionary<string, string?> { ["LocalDatabase__DataDirectory"] = dataDir }))
            {
                using var probe = new HttpClient { BaseAddress = process.BaseAddress };
                await Readiness.WaitReadyAsync(probe, timeoutSeconds: 120);
                var port = (await process.WaitForLineAsync(l => l.StartsWith("Local PostgreSQL: "), TimeSpan.FromSeconds(5)))
                    .Split(':')[2].Split(',')[0];
                var password = (await File.ReadAllTextAsync(Path.Combine(dataDir, "servicetasks.password"))).Trim();
                var superuser = $"Host=127.0.0.1;Port={port};Username=postgres;Password={password};Database=servicetasks";

                Assert.AreEqual(ApplicationRole.DefaultName, await ScalarAsync<string>(superuser,
                    "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'servicetasks'"), "the database is owned by the role");
                Assert.AreEqual(ApplicationRole.DefaultName, await ScalarAsync<string>(superuser, """
                    SELECT string_agg(DISTINCT usename, ',') FROM pg_stat_activity
                    WHERE datname = 'servicetasks' AND backend_type = 'client backend' AND pid <> pg_backend_pid()
                    """), "the service's connections are the role's");
                Assert.AreEqual(ApplicationRole.DefaultName, await ScalarAsync<string>(superuser,
                    "SELECT string_agg(DISTINCT pg_get_userbyid(relowner), ',') FROM pg_class WHERE relnamespace IN ('public'::regnamespace, 'hangfire'::regnamespace)"),
                    "EF's and Hangfire's tables are the role's");
                Assert.IsFalse(await ScalarAsync<bool>(superuser,
                    "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = 'servicetasks'"));
                Assert.IsFalse(process.Lines.Any(l => l.Contains(BypassWarning)), string.Join('\n', process.Lines));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public async Task OlderDataFolder_WithTheDatabaseOwnedByPostgres_IsHandedToTheRole_AndUpgradesUnderRowSecurity()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"servicetasks-rls-old-{Guid.NewGuid():N}")).FullName;
        try
        {
            await using var cluster = await LocalPostgres.StartAsync(PostgresBinaries.Find()!, Path.Combine(folder, "data"), durable: false);
            // What an older version left: the database, EF's tables and Hangfire's schema, all made by postgres.
            await ExecuteAsync(cluster.ConnectionString("postgres"), "CREATE DATABASE servicetasks");
            await using (var old = TestDatabase.Context(cluster.ConnectionString("servicetasks")))
                await old.GetService<IMigrator>().MigrateAsync("20261126064127_ServiceThrottling");
            await ExecuteAsync(cluster.ConnectionString("servicetasks"), """
                CREATE SCHEMA hangfire;
                CREATE TABLE hangfire.counter (id bigserial PRIMARY KEY, key text NOT NULL);
                CREATE FUNCTION hangfire.one() RETURNS int LANGUAGE sql AS 'SELECT 1';
                """);

            await cluster.EnsureDatabaseAsync("servicetasks");
            await cluster.EnsureDatabaseAsync("servicetasks"); // the next start finds nothing left to hand over

            var app = cluster.AppConnectionString("servicetasks");
            await using (var db = TestDatabase.Context(app)) await db.Database.MigrateAsync(); // ALTER TABLE needs the owner
            await ExecuteAsync(app, "INSERT INTO hangfire.counter (key) VALUES ('k'); SELECT hangfire.one();");
            var owners = await ScalarAsync<string>(cluster.ConnectionString("servicetasks"), """
                SELECT string_agg(DISTINCT owner, ',') FROM (
                  SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'servicetasks'
                  UNION SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'hangfire'
                  UNION SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relnamespace IN ('public'::regnamespace, 'hangfire'::regnamespace)
                  UNION SELECT pg_get_userbyid(proowner) FROM pg_proc WHERE pronamespace = 'hangfire'::regnamespace) o(owner)
                """);
            Assert.AreEqual(ApplicationRole.DefaultName, owners);
            Assert.IsTrue(await ScalarAsync<bool>(app, "SELECT relforcerowsecurity FROM pg_class WHERE oid = 'service_tasks'::regclass"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
