namespace ServiceTasks.Callbacks;

internal static class CallbacksExtensions
{
    /// <summary>Completion callbacks, sent through the guarded outbound client of <c>AddOutbound()</c>.</summary>
    public static IServiceCollection AddCallbacks(this IServiceCollection services)
    {
        services.AddValidatedOptions<CallbacksOptions>(CallbacksOptions.Section);
        services.AddScoped<CompletionCallbacks>();
        services.AddTransient<CallbackJob>();
        services.AddScoped<CallbackRedelivery>();
        return services;
    }
}
