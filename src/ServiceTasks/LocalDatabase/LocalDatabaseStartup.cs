namespace ServiceTasks.LocalDatabase;

internal static class LocalDatabaseStartup
{
    /// <summary>
    /// With no connection string (docs/architecture.md, "Local start"), run a local cluster and point the connection string at it.
    /// Returns null when a connection string is set; throws <see cref="LocalDatabaseUnavailableException"/> when
    /// there is neither a connection string nor a server to run.
    /// </summary>
    public static async Task<LocalPostgres?> StartLocalDatabaseIfNeededAsync(this WebApplicationBuilder builder)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(DataExtensions.ConnectionName)))
            return null;

        var options = builder.Configuration.GetValidated<LocalDatabaseOptions>(LocalDatabaseOptions.Section);
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
