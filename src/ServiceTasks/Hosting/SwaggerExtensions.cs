using Microsoft.OpenApi;

namespace ServiceTasks.Hosting;

internal static class SwaggerExtensions
{
    private const string KeyScheme = "ApiKey";

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Apps"] = "Tenants: each app owns its services, tasks, logs and keys, and signs its callbacks with its own secret.",
        ["Keys"] = "An app's admin and engine keys; operator keys come from the command line.",
        ["Services"] = "Service configurations (REAL HTTP calls or MOCK simulations), their versions, import and export.",
        ["Service tasks"] = "What the workflow engine calls: enqueue, wait for, cancel, retry, and redeliver callbacks.",
        ["Execution logs"] = "One row per attempt, and per-service figures.",
        ["Workers"] = "Pause, resume and process-once for the cluster, and task counts.",
    };

    public static IServiceCollection AddServiceTasksSwagger(this IServiceCollection services) =>
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "ServiceTasks",
                Version = "v1",
                Description = "Runs the SERVICE_TASK nodes of a workflow engine as Hangfire jobs on PostgreSQL.",
                License = new OpenApiLicense { Name = "Proprietary", Url = new Uri("https://example.invalid/servicetasks/license") },
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
            o.OperationFilter<OpenApiOperationFilter>();
            o.DocumentFilter<OpenApiTagsFilter>(TagDescriptions);
        });

    public static WebApplication UseServiceTasksSwagger(this WebApplication app)
    {
        // The server is where the document was fetched from, so a client generated from it calls that same service.
        app.UseSwagger(o => o.PreSerializeFilters.Add((document, request) =>
            document.Servers = [new OpenApiServer { Url = $"{request.Scheme}://{request.Host.Value}{request.PathBase}" }]));
        app.UseSwaggerUI(o => o.DocumentTitle = "ServiceTasks API");
        return app;
    }
}
