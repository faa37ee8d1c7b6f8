using System.Security.Cryptography;
using Npgsql;
using ServiceTasks.Data;
using ServiceTasks.LocalDatabase;

namespace ServiceTasks.Benchmarks.Harness;

/// <summary>
/// The PostgreSQL server of a benchmark run: the given one (a superuser), or a throwaway cluster started with the
/// product's own <see cref="LocalPostgres"/>, durable (fsync on) as production would run. Every figure gets a fresh
/// database, owned by a non-superuser application role: the product connects as that role (row-level security binds
/// it, as in production), the harness's own reads and setup as the superuser.
/// </summary>
internal sealed class Cluster : IAsyncDisposable
{
    private readonly LocalPostgres? _local;
    private readonly string? _directory;
    private readonly string _server;
    private readonly bool _durable;
    private readonly string _appRole;
    private readonly string _appPassword;

    /// <summary>The product's schema, migrated once per run: a figure's database is a copy of it.</summary>
    internal ProductTemplate ProductTemplate { get; } = new();

    private Cluster(LocalPostgres? local, string? directory, string server, string appRole, string appPassword, bool durable = true)
    {
        _durable = durable;
        _local = local;
        _directory = directory;
        _server = server;
        _appRole = appRole;
        _appPassword = appPassword;
    }

    /// <summary>The superuser's connection to the server's postgres database: where P0 reads the counters.</summary>
    public string Server => _server;

    /// <summary>The role the product (and P0's baseline) connects as.</summary>
    public string AppRole => _appRole;

    /// <summary>Whether pg_stat_statements is loaded (always on the throwaway cluster; on a given server if it was preloaded).</summary>
    public bool HasStatementStatistics { get; private set; }

    public string Description => _local is null ? "given server" : $"throwaway LocalPostgres cluster, {(_durable ? "durable (fsync on)" : "fsync off")}";

    public static async Task<Cluster> StartAsync(string? connection, bool durable = true)
    {
        Cluster cluster;
        if (connection is not null)
        {
            // A role of this run's own on a given server: no other run's password is ever changed.
            var role = $"servicetasks_bench_{Guid.NewGuid():N}"[..30];
            cluster = new Cluster(null, null, connection, role, Convert.ToHexString(RandomNumberGenerator.GetBytes(24)));
        }
        else
        {
            var binDir = PostgresBinaries.Find() ?? throw new InvalidOperationException(PostgresBinaries.MissingMessage);
            var directory = Path.Combine(Path.GetTempPath(), $"servicetasks-bench-{Guid.NewGuid():N}");
            Directory.CreateDirectory(directory);
            var local = await StatementStatistics.StartWithAsync(binDir, Path.Combine(directory, "data"), durable);
            cluster = new Cluster(local, directory, local.ConnectionString("postgres"), ApplicationRole.DefaultName, local.AppPassword, durable);
        }
        await ApplicationRole.EnsureAsync(cluster._server, cluster._appRole, cluster._appPassword);
        cluster.HasStatementStatistics = await StatementStatistics.TryCreateExtensionAsync(cluster._server);
        return cluster;
    }

    /// <summary>
    /// A fresh database owned by the application role; its connection string as the superuser, for the harness. A
    /// product figure's is a copy of <see cref="ProductTemplate"/>, already migrated; a baseline's ("…raw") is empty.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string figure)
    {
        var name = $"bench_{figure}_{Guid.NewGuid():N}"[..30].ToLowerInvariant();
        if (figure.EndsWith("raw", StringComparison.Ordinal)) await ApplicationRole.EnsureDatabaseAsync(_server, name, _appRole);
        else await ProductTemplate.CopyAsync(this, name);
        return new NpgsqlConnectionStringBuilder(_server) { Database = name }.ConnectionString;
    }

    /// <summary>The same database as the application role: what the product connects with.</summary>
    public string ProductConnection(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Username = _appRole, Password = _appPassword }.ConnectionString;

    public async Task<string> ServerVersionAsync()
    {
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        return connection.PostgreSqlVersion.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (_local is not null) await _local.DisposeAsync();
        if (_directory is not null) Directory.Delete(_directory, recursive: true);
    }
}
