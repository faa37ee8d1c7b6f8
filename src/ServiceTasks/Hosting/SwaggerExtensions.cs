using Microsoft.OpenApi;

namespace ServiceTasks.Hosting;

internal static class SwaggerExtensions
{
    private const string KeyScheme = "ApiKey";

    public static IServiceCollection AddServiceTasksSwagger(this IServiceCollection services) =>
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "ServiceTasks",
                Version = "v1",
                Description = "Runs the SERVICE_TASK nodes of a workflow engine as Hangfire jobs on PostgreSQL.",
            });
            o.AddSecurityDefinition(KeyScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key (st_...), sent as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.",
            });
            o.AddSecurityRequirement(document => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(KeyScheme, document)] = [],
            });
        });

    public static WebApplication UseServiceTasksSwagger(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(o => o.DocumentTitle = "ServiceTasks API");
        return app;
    }
}
