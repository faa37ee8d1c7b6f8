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
        services.AddScoped<InfrastructureFailures>();
        services.AddOptions<ExecutionOptions>().BindConfiguration(ExecutionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<ServiceThrottle>();
        services.AddSingleton<CircuitBreaker>();
        services.AddOptions<ThrottlingOptions>().BindConfiguration(ThrottlingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<CompletionCallbacks>();
        services.AddScoped<TaskEnqueuer>();
        services.AddSingleton<ConnectionBoundJobs>();
        services.AddSingleton<JobFilterAttribute, ServiceTaskRetryFilter>();
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    /// <summary>The recurring repair and retention jobs, registered by worker processes.</summary>
    public static void ScheduleRecurringJobs(this IServiceProvider services)
    {
        var recurring = services.GetRequiredService<IRecurringJobManager>();
        recurring.AddOrUpdate<OutboxSweepJob>(OutboxSweepJob.RecurringId, j => j.RunAsync(), OutboxSweepJob.Cron);
        recurring.AddOrUpdate<RetentionJob>(RetentionJob.RecurringId, j => j.RunAsync(CancellationToken.None), RetentionJob.Cron);
    }
}
