using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ServiceTasks.Data;

public static class DataExtensions
{
    public const string ConnectionName = "ServiceTasks";

    public static IServiceCollection AddData(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionName} is not set.");

        services.AddScoped<CurrentTenant>();
        services.AddDbContext<AppDbContext>(options => options.UseServiceTasksDatabase(connectionString));
        return services;
    }

    /// <summary>Every AppDbContext, in the host or outside it, sets the tenant on its connections (row-level security).</summary>
    public static DbContextOptionsBuilder UseServiceTasksDatabase(this DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseNpgsql(WithAutoPrepare(connectionString), npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(TenantSessionInterceptor.Instance);

    /// <summary>
    /// The hot paths run the same few statements thousands of times; prepared once per connection, PostgreSQL skips
    /// parsing and planning them (docs/benchmarks.md). A connection string that sets Max Auto Prepare keeps its value.
    /// </summary>
    private static string WithAutoPrepare(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0) builder.MaxAutoPrepare = 64;
        return builder.ConnectionString;
    }
}
