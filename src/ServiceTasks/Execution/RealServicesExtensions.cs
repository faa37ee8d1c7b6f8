namespace ServiceTasks.Execution;

public static class RealServicesExtensions
{
    /// <summary>The guarded outbound client, the OAuth token cache and the REAL client, all one per process.</summary>
    public static IServiceCollection AddRealServices(this IServiceCollection services)
    {
        services.AddOptions<HttpClientOptions>().BindConfiguration(HttpClientOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<GuardedHttpClient>();
        services.AddSingleton<OAuthTokenCache>();
        services.AddSingleton<RealServiceClient>();
        return services;
    }
}
