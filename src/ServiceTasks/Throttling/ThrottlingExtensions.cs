namespace ServiceTasks.Throttling;

internal static class ThrottlingExtensions
{
    /// <summary>Cluster-wide concurrency and rate limits and the circuit breaker, their state in PostgreSQL.</summary>
    public static IServiceCollection AddThrottling(this IServiceCollection services)
    {
        services.AddValidatedOptions<ThrottlingOptions>(ThrottlingOptions.Section);
        services.AddScoped<ServiceThrottle>();
        services.AddSingleton<CircuitBreaker>();
        return services;
    }
}
