using Microsoft.EntityFrameworkCore;
using Npgsql;
using ServiceTasks.Data;

namespace ServiceTasks.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server of the test run: <c>SERVICETASKS_TEST_CONNECTION</c> when set, else a throwaway local
/// cluster started once (the product's own <see cref="LocalPostgres"/>). Each user of it gets a fresh database.
/// </summary>
public static class TestDatabase
{
    private static LocalPostgres? _cluster;
    private static string? _clusterDirectory;
    private static string _serverConnection = "";

    public static async Task StartAsync()
    {
        var given = Environment.GetEnvironmentVariable("SERVICETASKS_TEST_CONNECTION");
        if (!string.IsNullOrWhiteSpace(given))
        {
            _serverConnection = given;
            return;
        }
        var binDir = PostgresBinaries.Find() ?? throw new InvalidOperationException(PostgresBinaries.MissingMessage);
        _clusterDirectory = Path.Combine(Path.GetTempPath(), $"servicetasks-tests-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_clusterDirectory);
        _cluster = await LocalPostgres.StartAsync(binDir, Path.Combine(_clusterDirectory, "data"), durable: false);
        _serverConnection = _cluster.ConnectionString("postgres");
    }

    public static async Task StopAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
        if (_clusterDirectory is not null) Directory.Delete(_clusterDirectory, recursive: true);
    }

    /// <summary>A new, empty database on the test server; returns its connection string.</summary>
    public static async Task<string> CreateAsync(string purpose)
    {
        var name = $"st_{purpose}_{Guid.NewGuid():N}".ToLowerInvariant();
        await using var connection = new NpgsqlConnection(_serverConnection);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(_serverConnection) { Database = name }.ConnectionString;
    }

    /// <summary>A context outside any host, seeing no tenant rows unless the test widens it.</summary>
    public static AppDbContext Context(string connectionString)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        options.UseServiceTasksDatabase(connectionString);
        return new AppDbContext(options.Options, new CurrentTenant());
    }
}
