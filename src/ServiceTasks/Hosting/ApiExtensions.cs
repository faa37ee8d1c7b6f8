using Microsoft.AspNetCore.Diagnostics;
using System.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace ServiceTasks.Hosting;

internal static class ApiExtensions
{
    /// <summary>JSON shape, request limits and problem details for every error.</summary>
    public static WebApplicationBuilder AddApiConventions(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ApiOptions>(ApiOptions.Section);
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<ApiOptions>>(
            (kestrel, api) => kestrel.Limits.MaxRequestBodySize = api.Value.MaxRequestBodyBytes);

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
        app.UseStatusCodePages(StatusCodePageAsync);
        app.UseUtf8BodyValidation();
        app.UseServiceTasksSwagger();
        return app;
    }

    private static readonly Func<StatusCodeContext, Task> ProblemStatusCodePage = new StatusCodePagesOptions().HandleAsync;

    /// <summary>A bodiless error (an unknown route, say) as problem details; on a page route, for a browser, as a page.</summary>
    private static Task StatusCodePageAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        if (!AuthAnswers.WritesPage(http)) return ProblemStatusCodePage(context);
        var detail = http.Response.StatusCode == StatusCodes.Status404NotFound ? "There is no such page." : "The request could not be answered.";
        return AuthAnswers.WritePageAsync(http, http.Response.StatusCode, detail);
    }

    public static IOptions<T> Options<T>(this IServiceProvider services) where T : class =>
        services.GetRequiredService<IOptions<T>>();
}
