using System.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using ServiceTasks.Data;

namespace ServiceTasks.Hosting;

public static class ApiExtensions
{
    public static WebApplicationBuilder AddServiceTasksOptions(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ServiceTasksOptions>().BindConfiguration(ServiceTasksOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<LocalDatabaseOptions>().BindConfiguration(LocalDatabaseOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        return builder;
    }

    /// <summary>JSON shape, request limits and problem details for every error.</summary>
    public static WebApplicationBuilder AddApiConventions(this WebApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection(ApiOptions.Section).Get<ApiOptions>() ?? new();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes);

        builder.Services.Configure<JsonOptions>(o => JsonDefaults.Configure(o.SerializerOptions));
        // Binding failures throw, so ProblemExceptionHandler can name the field instead of a bare 400.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
            c.ProblemDetails.Extensions["trace_id"] = Activity.Current?.Id ?? c.HttpContext.TraceIdentifier);
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddServiceTasksSwagger();
        return builder;
    }

    public static WebApplication UseApiConventions(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseUtf8BodyValidation();
        app.UseServiceTasksSwagger();
        return app;
    }

    public static IOptions<T> Options<T>(this IServiceProvider services) where T : class =>
        services.GetRequiredService<IOptions<T>>();
}
