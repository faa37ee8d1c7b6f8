namespace ServiceTasks.Hosting;

/// <summary>
/// The composition root. Registration, middleware and endpoints follow a task's journey: the service it names, the
/// row and job the API writes, the attempt, the outbound client, the log, the callback; then the operators' tools.
/// </summary>
internal static class ServiceTasksHost
{
    /// <summary>
    /// Registers everything; with no connection string, first starts the local PostgreSQL cluster, which the caller
    /// owns and disposes. Throws <see cref="StartupException"/> when the service cannot start as configured.
    /// </summary>
    public static async Task<LocalPostgres?> AddServiceTasksAsync(this WebApplicationBuilder builder)
    {
        builder.AddSecrets(); // before the cluster starts: a missing Production certificate fails fast
        var localDatabase = await builder.StartLocalDatabaseIfNeededAsync();
        var roles = builder.Configuration.GetValidated<ServiceTasksOptions>(ServiceTasksOptions.Section);
        builder.Services.AddValidatedOptions<ServiceTasksOptions>(ServiceTasksOptions.Section);
        builder.Services.AddValidatedOptions<LocalDatabaseOptions>(LocalDatabaseOptions.Section);

        builder.AddApiConventions();
        builder.AddTelemetry();
        builder.Services.AddData(builder.Configuration).AddAuth()
            .AddServices().AddMocks()
            .AddTasks().AddAttempts().AddThrottling().AddOutbound().AddCallbacks()
            .AddOperations().AddAdminPages().AddServiceTasksHealth();
        builder.AddHangfireRoles(roles);
        return localDatabase;
    }

    public static WebApplication UseServiceTasks(this WebApplication app)
    {
        if (app.Roles().IsWorker) app.Services.ScheduleRecurringJobs();
        app.UseSecurityHeaders();
        app.UseApiConventions();
        app.UseAuthentication();
        app.UseCurrentTenant();
        app.UseAuthorization();
        app.UseAdminPages();
        return app;
    }

    public static WebApplication MapServiceTasks(this WebApplication app)
    {
        app.MapHealth();
        app.MapPrometheusMetrics();
        if (!app.Roles().IsApi) return app;

        app.MapServices();
        app.MapMockTemplates();
        app.MapTasks();
        app.MapLogs();
        app.MapOperations();
        app.MapApps();
        app.MapKeys();
        app.MapAdminPages();
        return app;
    }

    private static ServiceTasksOptions Roles(this WebApplication app) => app.Services.Options<ServiceTasksOptions>().Value;
}
