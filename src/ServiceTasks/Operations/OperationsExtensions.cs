using Hangfire;

namespace ServiceTasks.Operations;

internal static class OperationsExtensions
{
    /// <summary>The cluster pause, the repair and retention jobs, and the metrics.</summary>
    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.AddSingleton<ClusterPause>();
        services.AddScoped<ParkedJobs>();
        services.AddScoped<OrphanedJobs>();
        services.AddValidatedOptions<RetentionOptions>(RetentionOptions.Section);
        services.AddPrometheusMetrics();
        return services;
    }

    /// <summary>The recurring repair and retention jobs, registered by worker processes.</summary>
    public static void ScheduleRecurringJobs(this IServiceProvider services)
    {
        var recurring = services.GetRequiredService<IRecurringJobManager>();
        recurring.AddOrUpdate<OutboxSweepJob>(OutboxSweepJob.RecurringId, j => j.RunAsync(), OutboxSweepJob.Cron);
        recurring.AddOrUpdate<RetentionJob>(RetentionJob.RecurringId, j => j.RunAsync(CancellationToken.None), RetentionJob.Cron);
    }

    /// <summary>The operators' API and the Hangfire dashboard.</summary>
    public static IEndpointRouteBuilder MapOperations(this IEndpointRouteBuilder routes)
    {
        routes.MapWorkers();
        routes.MapOperatorDashboard();
        return routes;
    }
}
