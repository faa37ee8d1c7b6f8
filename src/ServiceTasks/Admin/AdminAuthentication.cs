using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Admin;

/// <summary>
/// The admin pages' cookie beside the API key. Auth's default scheme picks the key when a request carries one and the
/// cookie otherwise, so the pages' fetch calls reach the same API, policies and tenant as a key would.
/// </summary>
internal static class AdminAuthentication
{
    public const string CookieScheme = "AdminCookie";
    public const string CookieName = ".ServiceTasks.Admin";
    public const string LoginPath = "/admin/login";

    public static IServiceCollection AddAdminAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication().AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.LoginPath = LoginPath;
                o.Events.OnRedirectToLogin = RedirectToLoginAsync;
                o.Events.OnRedirectToAccessDenied = ForbiddenAsync;
                o.Events.OnValidatePrincipal = RejectRevokedKeyAsync;
            });
        return services;
    }

    /// <summary>A browser opening a page goes to the login form; any other client (no text/html in Accept) gets 401.</summary>
    private static Task RedirectToLoginAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        var page = AuthAnswers.IsPage(context.Request.Path);
        if (page && AuthAnswers.WantsHtml(context.Request))
        {
            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        }
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return AuthAnswers.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized,
            page ? "Sign in on /admin/login, or send an API key." : "The admin session has expired; sign in again.");
    }

    private static Task ForbiddenAsync(RedirectContext<CookieAuthenticationOptions> context) =>
        AuthAnswers.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "This key's role may not do this.");

    // A revoked key ends its sessions at their next request, not when the cookie expires.
    private static async Task RejectRevokedKeyAsync(CookieValidatePrincipalContext context)
    {
        var id = Guid.TryParse(context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var keyId) ? keyId : Guid.Empty;
        var db = context.HttpContext.RequestServices.GetRequiredService<AppDbContext>();
        if (await db.ApiKeys.AnyAsync(k => k.Id == id && k.RevokedAt == null)) return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieScheme);
    }
}
