using Microsoft.Extensions.FileProviders;

namespace ServiceTasks.Admin;

/// <summary>
/// The admin pages (Razor Pages under Admin/Pages): thin server-rendered shells whose scripts call the JSON API
/// with the session cookie. Scripts and styles are embedded in the assembly and served under /admin/assets.
/// </summary>
internal static class AdminPagesExtensions
{
    public static IServiceCollection AddAdminPages(this IServiceCollection services)
    {
        services.AddAdminAuthentication();
        services.AddAntiforgery(o =>
        {
            o.HeaderName = ApiCsrfCheck.HeaderName;
            o.Cookie.Name = ".ServiceTasks.Antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        // With MVC registered, Swashbuckle reads MVC's JSON options: keep them the API's (snake_case) too.
        services.Configure<Microsoft.AspNetCore.Mvc.JsonOptions>(o => JsonDefaults.Configure(o.JsonSerializerOptions));
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Admin/Pages";
            o.Conventions.AuthorizeFolder("/", Policies.AppAdmin);
            o.Conventions.AuthorizePage("/Operations", Policies.Operator);
            o.Conventions.AllowAnonymousToPage("/Login");
        });
        return services;
    }

    /// <summary>After authentication: the embedded assets and the CSRF check on cookie-authenticated API calls.</summary>
    public static WebApplication UseAdminPages(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(AdminPagesExtensions).Assembly, "ServiceTasks.Admin.Assets"),
            RequestPath = "/admin/assets",
        });
        app.UseApiCsrfCheck();
        return app;
    }

    public static WebApplication MapAdminPages(this WebApplication app)
    {
        app.MapGet("/admin", () => TypedResults.Redirect("/admin/services")).ExcludeFromDescription();
        app.MapRazorPages();
        return app;
    }
}
