using Npgsql;
using ServiceTasks.Data;

namespace ServiceTasks.Benchmarks.Harness;

/// <summary>
/// The PostgreSQL server of a benchmark run: the given one, or a throwaway cluster started with the product's own
/// <see cref="LocalPostgres"/>, durable (fsync on) as production would run. Every figure gets a fresh database.
/// </summary>
public sealed class Cluster : IAsyncDisposable
{
    private readonly LocalPostgres? _local;
    private readonly string? _directory;
    private readonly string _server;
    private readonly bool _durable;

    private Cluster(LocalPostgres? local, string? directory, string server, bool durable = true)
    {
        _durable = durable;
        _local = local;
        _directory = directory;
        _server = server;
    }

    public string Description => _local is null ? "given server" : $"throwaway LocalPostgres cluster, {(_durable ? "durable (fsync on)" : "fsync off")}";

    public static async Task<Cluster> StartAsync(string? connection, bool durable = true)
    {
        if (connection is not null) return new Cluster(null, null, connection);
        var binDir = PostgresBinaries.Find() ?? throw new InvalidOperationException(PostgresBinaries.MissingMessage);
        var directory = Path.Combine(Path.GetTempPath(), $"servicetasks-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var local = await LocalPostgres.StartAsync(binDir, Path.Combine(directory, "data"), durable);
        return new Cluster(local, directory, local.ConnectionString("postgres"), durable);
    }

    public async Task<string> CreateDatabaseAsync(string figure)
    {
        var name = $"bench_{figure}_{Guid.NewGuid():N}"[..30].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(_server) { Database = name }.ConnectionString;
    }

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
