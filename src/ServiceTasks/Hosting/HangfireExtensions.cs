using Hangfire;
using Hangfire.Client;
using Hangfire.Common;
using Hangfire.PostgreSql;
using Hangfire.Server;
using Hangfire.States;
using ServiceTasks.Attempts;

namespace ServiceTasks.Hosting;

internal static class HangfireExtensions
{
    public const string Schema = "hangfire";

    /// <summary>Hangfire storage on the same database for every role; a server only in the <c>worker</c> role.</summary>
    public static WebApplicationBuilder AddHangfireRoles(this WebApplicationBuilder builder, ServiceTasksOptions roles)
    {
        builder.Services.AddValidatedOptions<HangfireSettings>(HangfireSettings.Section);
        var connectionString = builder.Configuration.GetConnectionString(DataExtensions.ConnectionName)!;

        builder.Services.AddSingleton<NewJobSignal>();
        builder.Services.AddSingleton<SignalledJobQueues>();
        builder.Services.AddSingleton<IJobFilterProvider>(FilterProvider);
        // Hangfire.NetCore takes a state changer from here only together with a job factory and performer; these two
        // are what it would build itself.
        builder.Services.AddSingleton<IBackgroundJobStateChanger, LockReleasedInCommitStateChanger>();
        builder.Services.AddSingleton<IBackgroundJobFactory>(s => new BackgroundJobFactory(s.GetRequiredService<IJobFilterProvider>()));
        builder.Services.AddSingleton<IBackgroundJobPerformer>(s =>
            new BackgroundJobPerformer(s.GetRequiredService<IJobFilterProvider>(), s.GetRequiredService<JobActivator>()));
        builder.Services.AddHangfire((services, config) => services.GetRequiredService<SignalledJobQueues>().InstallOn(config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connectionString), StorageOptions(services.Options<HangfireSettings>().Value))
            .WithJobExpirationTimeout(TimeSpan.FromHours(services.Options<RetentionOptions>().Value.HangfireJobHours))
            .Entry));

        if (roles.IsWorker)
        {
            builder.Services.AddHostedService<NewJobListener>();
            builder.Services.AddHangfireServer((services, o) =>
            {
                var settings = services.Options<HangfireSettings>().Value;
                o.WorkerCount = settings.WorkerCount;
                o.Queues = settings.QueueList;
                o.SchedulePollingInterval = TimeSpan.FromMilliseconds(settings.SchedulePollingIntervalMs);
                // On SIGTERM running attempts get StopTimeout to finish before their token is cancelled; a cancelled
                // attempt is handed back to the queue unlogged (see ServiceInvoker).
                o.StopTimeout = TimeSpan.FromSeconds(settings.StopTimeoutSeconds);
                o.ShutdownTimeout = TimeSpan.FromSeconds(settings.StopTimeoutSeconds + 5);
            });
        }
        return builder;
    }

    /// <summary>
    /// This host's filters, not Hangfire's static global ones: every <see cref="JobFilterAttribute"/> registered in DI.
    /// Two hosts in one process (the tests) never share filters. None of Hangfire's default global filters applies
    /// (docs/benchmarks.md measures what each cost per job): AutomaticRetryAttribute (its 10 attempts, 15 s to 2 h apart,
    /// must never apply; each job type brings its own retry filter); StatisticsHistoryAttribute (two counter rows per
    /// finished job for the dashboard's day/hour history chart; its totals and realtime chart stay);
    /// ContinuationsSupportAttribute (a parameter read per finished job; no job here has continuations); and
    /// CaptureCultureAttribute (a parameter written per job and two read per run, to run a job in its enqueuer's
    /// culture: the product sets no request culture, and its jobs format nothing by culture).
    /// </summary>
    private static IJobFilterProvider FilterProvider(IServiceProvider services)
    {
        var filters = new JobFilterCollection();
        foreach (var filter in services.GetServices<JobFilterAttribute>()) filters.Add(filter);
        return new JobFilterProviderCollection(filters, new JobFilterAttributeFilterProvider());
    }

    // The product's own queues wait and notify through SignalledJobQueue; EnableLongPolling here is the library's,
    // for a job put in any other queue.
    public static PostgreSqlStorageOptions StorageOptions(HangfireSettings settings) => new()
    {
        SchemaName = Schema,
        PrepareSchemaIfNecessary = true,
        QueuePollInterval = TimeSpan.FromMilliseconds(settings.QueuePollIntervalMs),
        EnableLongPolling = settings.EnableLongPolling,
        UseSlidingInvisibilityTimeout = true,
        InvisibilityTimeout = TimeSpan.FromSeconds(settings.InvisibilityTimeoutSeconds),
        DistributedLockTimeout = TimeSpan.FromSeconds(settings.DistributedLockTimeoutSeconds),
    };
}
