using Hangfire;
using Hangfire.PostgreSql;
using ServiceTasks.Data;

namespace ServiceTasks.Hosting;

public static class HangfireExtensions
{
    public const string Schema = "hangfire";

    /// <summary>Hangfire storage on the same database for every role; a server only in the <c>worker</c> role.</summary>
    public static WebApplicationBuilder AddHangfireRoles(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<HangfireSettings>().BindConfiguration(HangfireSettings.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        var settings = builder.Configuration.GetSection(HangfireSettings.Section).Get<HangfireSettings>() ?? new();
        var roles = builder.Configuration.GetSection(ServiceTasksOptions.Section).Get<ServiceTasksOptions>() ?? new();
        var connectionString = builder.Configuration.GetConnectionString(DataExtensions.ConnectionName)!;

        builder.Services.AddHangfire(config =>
        {
            config
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connectionString), StorageOptions(settings));
            // Hangfire's default (10 attempts, 15 s to 2 h apart) must never apply: every job type here
            // declares its own retry filter, and a job without one fails at once.
            GlobalJobFilters.Filters.Remove(typeof(AutomaticRetryAttribute));
        });

        if (roles.IsWorker)
        {
            builder.Services.AddHangfireServer(o =>
            {
                o.WorkerCount = settings.WorkerCount;
                o.Queues = settings.QueueList;
                o.SchedulePollingInterval = TimeSpan.FromMilliseconds(settings.SchedulePollingIntervalMs);
                o.ShutdownTimeout = TimeSpan.FromSeconds(30);
            });
        }
        return builder;
    }

    // The enqueueing side needs EnableLongPolling as well: it is what sends the NOTIFY that wakes a worker.
    public static PostgreSqlStorageOptions StorageOptions(HangfireSettings settings) => new()
    {
        SchemaName = Schema,
        PrepareSchemaIfNecessary = true,
        QueuePollInterval = TimeSpan.FromMilliseconds(settings.QueuePollIntervalMs),
        EnableLongPolling = settings.EnableLongPolling,
        UseSlidingInvisibilityTimeout = true,
        InvisibilityTimeout = TimeSpan.FromSeconds(settings.InvisibilityTimeoutSeconds),
    };
}
