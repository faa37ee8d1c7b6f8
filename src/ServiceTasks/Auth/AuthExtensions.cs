using ServiceTasks.Data;

namespace ServiceTasks.Auth;

public static class Policies
{
    public const string Operator = "operator";
    public const string AppAdmin = "app-admin";
    public const string AppReader = "app-reader";
}

public static class AuthExtensions
{
    public const string OperatorAppHeader = "X-App-Uuid";

    public static IServiceCollection AddApiKeyAuth(this IServiceCollection services)
    {
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(
                ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Operator, p => p.RequireRole(Roles.Operator))
            .AddPolicy(Policies.AppAdmin, p => p.RequireRole(Roles.Operator, Roles.Admin))
            .AddPolicy(Policies.AppReader, p => p.RequireRole(Roles.Operator, Roles.Admin, Roles.Engine));
        return services;
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
