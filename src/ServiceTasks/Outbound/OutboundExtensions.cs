namespace ServiceTasks.Outbound;

internal static class OutboundExtensions
{
    /// <summary>The guarded outbound client, the OAuth token cache and the REAL client, all one per process.</summary>
    public static IServiceCollection AddOutbound(this IServiceCollection services)
    {
        services.AddValidatedOptions<HttpClientOptions>(HttpClientOptions.Section);
        services.AddSingleton<GuardedHttpClient>();
        services.AddSingleton<OAuthTokenCache>();
        services.AddSingleton<RealServiceClient>();
        return services;
    }
}
