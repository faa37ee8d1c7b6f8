using Hangfire.Common;

namespace ServiceTasks.Attempts;

internal static class AttemptsExtensions
{
    /// <summary>The attempt job's collaborators and the filter that turns its outcomes into Hangfire states.</summary>
    public static IServiceCollection AddAttempts(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddMemoryCache(o => o.SizeLimit = 10_000); // configuration versions, immutable once written
        services.AddScoped<ServiceVersions>();
        services.AddSingleton<ServiceInvoker>();
        services.AddScoped<TerminalMoves>();
        services.AddScoped<AttemptStart>();
        services.AddScoped<AttemptOutcomes>();
        services.AddScoped<InfrastructureFailures>();
        services.AddScoped<DashboardRequeue>();
        services.AddValidatedOptions<ExecutionOptions>(ExecutionOptions.Section);
        services.AddSingleton<JobFilterAttribute, ServiceTaskRetryFilter>();
        services.AddSingleton<RetryWakeUps>();
        services.AddHostedService<DueJobWaker>();
        return services;
    }
}
