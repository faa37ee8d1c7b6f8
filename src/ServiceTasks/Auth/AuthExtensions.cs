using Microsoft.AspNetCore.Authentication;

namespace ServiceTasks.Auth;

internal static class AuthExtensions
{
    public const string OperatorAppHeader = "X-App-Uuid";
    private const string SelectorScheme = "ApiKeyOrCookie";

    /// <summary>
    /// The one default scheme of every endpoint: the API key when the request carries one, else the admin pages'
    /// cookie (registered by <c>AddAdminPages()</c>), and the role policies.
    /// </summary>
    public static IServiceCollection AddAuth(this IServiceCollection services)
    {
        services.AddSingleton<ApiKeyCache>();
        services.AddAuthentication(o => o.DefaultScheme = SelectorScheme)
            .AddPolicyScheme(SelectorScheme, "API key or admin cookie", o => o.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Operator, p => p.RequireRole(Roles.Operator))
            .AddPolicy(Policies.AppAdmin, p => p.RequireRole(Roles.Operator, Roles.Admin))
            .AddPolicy(Policies.AppReader, p => p.RequireRole(Roles.Operator, Roles.Admin, Roles.Engine));
        return services;
    }

    /// <summary>Pages and the dashboard use the cookie; anything else uses it only when the browser sent one.</summary>
    private static string SelectScheme(HttpContext context)
    {
        var headers = context.Request.Headers;
        if (headers.ContainsKey("X-Api-Key") || headers.ContainsKey("Authorization")) return ApiKeyAuthenticationHandler.SchemeName;
        return AuthAnswers.IsPage(context.Request.Path) || context.Request.Cookies.ContainsKey(AdminAuthentication.CookieName)
            ? AdminAuthentication.CookieScheme
            : ApiKeyAuthenticationHandler.SchemeName;
    }

    /// <summary>
    /// Sets the scope's tenant from the caller: an app key sees its app; an operator sees every app, or one
    /// app named in <c>X-App-Uuid</c> when acting on that app's resources.
    /// </summary>
    public static IApplicationBuilder UseCurrentTenant(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var tenant = context.RequestServices.GetRequiredService<CurrentTenant>();
            var user = context.User;
            if (user.AppUuid() is { } appUuid) tenant.Use(appUuid);
            else if (user.IsOperator())
            {
                if (Guid.TryParse(context.Request.Headers[OperatorAppHeader], out var chosen)) tenant.Use(chosen);
                else tenant.UseAllApps();
            }
            await next(context);
        });
}
