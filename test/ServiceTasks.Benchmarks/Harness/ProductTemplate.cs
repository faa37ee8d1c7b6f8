using Hangfire.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ServiceTasks.Hosting;
using ServiceTasks.LocalDatabase;

namespace ServiceTasks.Benchmarks.Harness;

/// <summary>
/// One database per run that holds the product's schema (its EF migrations and Hangfire's tables, created as the
/// application role, as the product creates them at its first start); every product figure's database is a copy
/// (CREATE DATABASE … TEMPLATE). A copy is what a deployment that already ran looks like, so its api and worker
/// processes can start side by side, and no figure spends its start on migrations.
/// </summary>
internal sealed class ProductTemplate
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _name;

    public async Task CopyAsync(Cluster cluster, string database)
    {
        var template = await NameAsync(cluster);
        await using var connection = new NpgsqlConnection(cluster.Server);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand(
            $"CREATE DATABASE \"{database}\" TEMPLATE \"{template}\" OWNER \"{cluster.AppRole}\"", connection);
        await create.ExecuteNonQueryAsync();
    }

    private async Task<string> NameAsync(Cluster cluster)
    {
        await _gate.WaitAsync();
        try
        {
            if (_name is not null) return _name;
            var name = $"bench_template_{Guid.NewGuid():N}"[..30];
            await ApplicationRole.EnsureDatabaseAsync(cluster.Server, name, cluster.AppRole);
            var asApp = cluster.ProductConnection(new NpgsqlConnectionStringBuilder(cluster.Server) { Database = name }.ConnectionString);
            await using (var db = Seed.Context(asApp)) await db.Database.MigrateAsync();
            await using (var connection = new NpgsqlConnection(asApp))
            {
                await connection.OpenAsync();
                PostgreSqlObjectsInstaller.Install(connection, HangfireExtensions.Schema);
            }
            // A template must have no sessions when it is copied.
            NpgsqlConnection.ClearPool(new NpgsqlConnection(asApp));
            return _name = name;
        }
        finally
        {
            _gate.Release();
        }
    }
}
