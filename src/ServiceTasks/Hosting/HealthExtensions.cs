using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ServiceTasks.Hosting;

internal static class HealthExtensions
{
    private const string Ready = "ready";

    public static IServiceCollection AddServiceTasksHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddDbContextCheck<AppDbContext>("database", tags: [Ready])
            .AddCheck<HangfireStorageHealthCheck>("hangfire-storage", tags: [Ready]);
        return services;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains(Ready) });
        return app;
    }

    private sealed class HangfireStorageHealthCheck(JobStorage storage) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
        {
            try
            {
                using var connection = storage.GetConnection();
                connection.GetAllItemsFromSet("recurring-jobs"); // one round trip to Hangfire's schema
                return Task.FromResult(HealthCheckResult.Healthy());
            }
            catch (Exception e)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy("Hangfire storage is unreachable.", e));
            }
        }
    }
}
