using Npgsql;

namespace ServiceTasks.Tests.LocalDatabase;

[TestClass]
public sealed class LocalPostgresTests
{
    [TestMethod]
    public async Task Start_OnEmptyFolder_CreatesCluster_AndRestartReusesItsData()
    {
        // Not CreateTempSubdirectory: its 0700 mode would keep the postgres OS user out when the tests run as root.
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"servicetasks-localpg-{Guid.NewGuid():N}")).FullName;
        var dataDir = Path.Combine(folder, "data");
        var binDir = PostgresBinaries.Find();
        Assert.IsNotNull(binDir, "The test machine needs the PostgreSQL server binaries.");
        try
        {
            await using (var first = await LocalPostgres.StartAsync(binDir, dataDir, durable: false))
            {
                await first.EnsureDatabaseAsync("kept");
                await ExecuteAsync(first.ConnectionString("kept"), "CREATE TABLE marker (v text); INSERT INTO marker VALUES ('still here')");
            }
            Assert.IsFalse(File.Exists(Path.Combine(dataDir, "postmaster.pid")), "The server should be stopped on dispose.");

            await using var second = await LocalPostgres.StartAsync(binDir, dataDir, durable: false);
            await using var connection = new NpgsqlConnection(second.ConnectionString("kept"));
            await connection.OpenAsync();
            await using var read = new NpgsqlCommand("SELECT v FROM marker", connection);
            Assert.AreEqual("still here", await read.ExecuteScalarAsync());
            Assert.AreEqual("127.0.0.1", connection.Host);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public async Task Run_WithNeitherConnectionStringNorBinaries_ExitsWithOneLineNamingTheSetting()
    {
        await using var process = ServiceProcess.Start(new Dictionary<string, string?>
        {
            ["LocalDatabase__BinDirectory"] = "/nonexistent/postgresql/bin",
        });
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.AreEqual(1, exitCode);
        var lines = process.Lines.Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
        Assert.HasCount(1, lines, string.Join('\n', lines));
        StringAssert.Contains(lines[0], "ConnectionStrings:ServiceTasks");
        StringAssert.Contains(lines[0], "apt-get install postgresql");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
