using Hangfire;
using Hangfire.Common;
using ServiceTasks.Tasks;

namespace ServiceTasks.Execution;

public static class ExecutionExtensions
{
    /// <summary>The attempt job, its clients and filters, the task transitions and the pause.</summary>
    public static IServiceCollection AddExecution(this IServiceCollection services)
    {
        services.AddMemoryCache(o => o.SizeLimit = 10_000);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<MockServiceClient>();
        services.AddSingleton<ServiceInvoker>();
        services.AddSingleton<ClusterPause>();
        services.AddScoped<ServiceVersions>();
        services.AddScoped<TaskTransitions>();
        services.AddScoped<ServiceThrottle>();
        services.AddSingleton<CircuitBreaker>();
        services.AddOptions<ThrottlingOptions>().BindConfiguration(ThrottlingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<CompletionCallbacks>();
        services.AddScoped<TaskEnqueuer>();
        services.AddSingleton<JobFilterAttribute, ServiceTaskRetryFilter>();
        return services;
    }

    /// <summary>The recurring repair job, registered by worker processes.</summary>
    public static void ScheduleRecurringJobs(this IServiceProvider services) =>
        services.GetRequiredService<IRecurringJobManager>()
            .AddOrUpdate<OutboxSweepJob>(OutboxSweepJob.RecurringId, j => j.RunAsync(), OutboxSweepJob.Cron);
}
