namespace ServiceTasks.Hosting;

/// <summary>
/// Browser hardening on every response. Our pages load scripts and styles only from their own files (no inline script,
/// no inline style, no eval), so they get a strict policy; Hangfire's dashboard the same but for inline styles; Swagger
/// UI keeps frame-ancestors, nosniff and the referrer policy but not the script restrictions (docs/admin-pages.md).
/// </summary>
internal static class SecurityHeaders
{
    public const string PagePolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Hangfire's dashboard loads its scripts from files too, but writes one inline style element.</summary>
    public const string DashboardPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Swagger UI is not ours to change: it keeps framing, plugins and base-uri locked, not its scripts.</summary>
    public const string SwaggerPolicy = "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>First in the pipeline; the headers are added when the response starts, so error answers carry them too.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        // HSTS only ever goes out on HTTPS (and never for localhost); Development stays free to use plain HTTP.
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.Use((context, next) =>
        {
            // Read now: the dashboard moves its prefix into PathBase before the response starts.
            var path = context.Request.Path;
            var policy = path.StartsWithSegments(OperatorDashboard.Path) ? DashboardPolicy
                : path.StartsWithSegments("/swagger") ? SwaggerPolicy
                : PagePolicy;
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XFrameOptions = "DENY";
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}
