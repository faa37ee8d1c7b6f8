namespace ServiceTasks.Tasks;

public static class CallbacksExtensions
{
    /// <summary>Completion callbacks; needs <c>AddRealServices()</c> for the guarded outbound client.</summary>
    public static IServiceCollection AddCallbacks(this IServiceCollection services)
    {
        services.AddOptions<CallbacksOptions>().BindConfiguration(CallbacksOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddTransient<CallbackJob>();
        return services;
    }
}
