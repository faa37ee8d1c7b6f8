using System.ComponentModel.DataAnnotations;

namespace ServiceTasks.Data;

public sealed class LocalDatabaseOptions
{
    public const string Section = "LocalDatabase";

    [Required]
    public string DataDirectory { get; set; } = ".data/postgres";

    /// <summary>Where initdb and pg_ctl live; found automatically when empty.</summary>
    public string? BinDirectory { get; set; }

    [Required]
    public string Database { get; set; } = "servicetasks";
}

public static class LocalDatabase
{
    /// <summary>
    /// With no connection string (docs/architecture.md, "Local start"), run a local cluster and point the connection string at it.
    /// Returns null when a connection string is set; throws <see cref="LocalDatabaseUnavailableException"/> when
    /// there is neither a connection string nor a server to run.
    /// </summary>
    public static async Task<LocalPostgres?> StartIfNeededAsync(this WebApplicationBuilder builder)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(DataExtensions.ConnectionName)))
            return null;

        var options = builder.Configuration.GetSection(LocalDatabaseOptions.Section).Get<LocalDatabaseOptions>() ?? new();
        var binDir = string.IsNullOrWhiteSpace(options.BinDirectory) ? PostgresBinaries.Find() : options.BinDirectory;
        if (binDir is null || !File.Exists(Path.Combine(binDir, "pg_ctl")))
            throw new LocalDatabaseUnavailableException(PostgresBinaries.MissingMessage);

        var dataDir = Path.Combine(builder.Environment.ContentRootPath, options.DataDirectory);
        var server = await LocalPostgres.StartAsync(binDir, dataDir);
        await server.EnsureDatabaseAsync(options.Database);
        // As the application role, not the superuser: row-level security must bind the service (docs/reliability.md).
        builder.Configuration[$"ConnectionStrings:{DataExtensions.ConnectionName}"] = server.AppConnectionString(options.Database);
        Console.WriteLine($"Local PostgreSQL: 127.0.0.1:{server.Port}, data in {dataDir}");
        return server;
    }
}

public sealed class LocalDatabaseUnavailableException(string message) : Exception(message);
