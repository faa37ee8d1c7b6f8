using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ServiceTasks.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server of the test run: <c>SERVICETASKS_TEST_CONNECTION</c> (a superuser) when set, else a throwaway
/// local cluster started once (the product's own <see cref="LocalPostgres"/>). Each user of it gets a fresh database,
/// owned by a non-superuser application role and reached as that role, so the whole suite runs under row-level security.
/// The server starts on first use, so a run of tests that need no database starts none.
/// </summary>
internal static class TestDatabase
{
    private static readonly Lazy<Task> Started = new(StartAsync);
    private static LocalPostgres? _cluster;
    private static string? _clusterDirectory;
    private static string _serverConnection = "";
    private static string _appRole = ApplicationRole.DefaultName;
    private static string _appPassword = "";

    private static async Task StartAsync()
    {
        var given = Environment.GetEnvironmentVariable("SERVICETASKS_TEST_CONNECTION");
        if (!string.IsNullOrWhiteSpace(given))
        {
            // A role of this run's own on a shared server: no password of another run is ever changed.
            _serverConnection = given;
            _appRole = $"servicetasks_test_{Guid.NewGuid():N}"[..30];
            _appPassword = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        }
        else
        {
            var binDir = PostgresBinaries.Find() ?? throw new MissingPackageException("The PostgreSQL server is not installed: apt-get install postgresql (or set SERVICETASKS_TEST_CONNECTION)");
            _clusterDirectory = Path.Combine(Path.GetTempPath(), $"servicetasks-tests-{Guid.NewGuid():N}");
            Directory.CreateDirectory(_clusterDirectory);
            _cluster = await LocalPostgres.StartAsync(binDir, Path.Combine(_clusterDirectory, "data"), durable: false);
            _serverConnection = _cluster.ConnectionString("postgres");
            _appPassword = _cluster.AppPassword;
        }
        await ApplicationRole.EnsureAsync(_serverConnection, _appRole, _appPassword);
    }

    public static async Task StopAsync()
    {
        if (!Started.IsValueCreated) return;
        if (_cluster is not null) await _cluster.DisposeAsync();
        if (_clusterDirectory is not null) Directory.Delete(_clusterDirectory, recursive: true);
    }

    /// <summary>A new, empty database owned by the application role; returns its connection string as that role.</summary>
    public static async Task<string> CreateAsync(string purpose)
    {
        await Started.Value;
        var name = $"st_{purpose}_{Guid.NewGuid():N}".ToLowerInvariant();
        await ApplicationRole.EnsureDatabaseAsync(_serverConnection, name, _appRole);
        return new NpgsqlConnectionStringBuilder(_serverConnection) { Database = name, Username = _appRole, Password = _appPassword }.ConnectionString;
    }

    /// <summary>
    /// The same database as the superuser, whom row-level security does not bind: for scans of every row (secrets)
    /// and for checks that must not depend on the tenant settings. Never for the service itself.
    /// </summary>
    public static string Superuser(string connectionString)
    {
        Started.Value.GetAwaiter().GetResult();
        var server = new NpgsqlConnectionStringBuilder(_serverConnection);
        return new NpgsqlConnectionStringBuilder(connectionString) { Username = server.Username, Password = server.Password }.ConnectionString;
    }

    /// <summary>The non-superuser role every test database is owned by and reached as.</summary>
    public static string AppRole
    {
        get
        {
            Started.Value.GetAwaiter().GetResult();
            return _appRole;
        }
    }

    /// <summary>A context outside any host, seeing no tenant rows unless the test widens it.</summary>
    public static AppDbContext Context(string connectionString)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        options.UseServiceTasksDatabase(connectionString);
        return new AppDbContext(options.Options, new CurrentTenant());
    }
}
