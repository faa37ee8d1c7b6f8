using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace ServiceTasks.Data;

internal static class DataExtensions
{
    public const string ConnectionName = "ServiceTasks";

    public static IServiceCollection AddData(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionName} is not set.");

        services.AddScoped<CurrentTenant>();
        // The options are built once, not for every request's scope: each build parsed the connection string and
        // configured the provider again, a visible part of the api's CPU per request.
        services.AddDbContext<AppDbContext>(options => options.UseServiceTasksDatabase(connectionString),
            optionsLifetime: ServiceLifetime.Singleton);
        return services;
    }

    /// <summary>Every AppDbContext, in the host or outside it, sets the tenant on its connections (row-level security).</summary>
    public static DbContextOptionsBuilder UseServiceTasksDatabase(this DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseNpgsql(WithoutAutoPrepare(connectionString), npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            // A failed command is the caller's to judge (a replay, a duplicate name), so EF reports it at Debug;
            // DatabaseFailureLog keeps what an operator must see an error. The one row limit without an order is the
            // capped count of the log list (LogCount), where order means nothing: EF's warning about it goes to Debug.
            .ConfigureWarnings(w => w.Log((RelationalEventId.CommandError, LogLevel.Debug), (CoreEventId.SaveChangesFailed, LogLevel.Debug),
                (CoreEventId.RowLimitingOperationWithoutOrderByWarning, LogLevel.Debug)))
            .AddInterceptors(TenantSessionInterceptor.Instance, DatabaseFailureLog.Instance);

    /// <summary>
    /// Npgsql's automatic preparation stays off, even when the connection string asks for it: after a batch that
    /// PostgreSQL rejects while binding a parameter, Npgsql 10.0.3 loses track of which statements the server holds
    /// prepared, and a later command on that pooled connection reads another statement's rows (docs/reliability.md).
    /// </summary>
    private static string WithoutAutoPrepare(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString).MaxAutoPrepare == 0
            ? connectionString // unchanged, so raw connections with the same string share the pool
            : new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 0 }.ConnectionString;
}
