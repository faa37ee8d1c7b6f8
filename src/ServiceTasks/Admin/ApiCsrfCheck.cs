using Microsoft.AspNetCore.Antiforgery;

namespace ServiceTasks.Admin;

/// <summary>
/// A browser sends the admin cookie with any request to this site, so an unsafe API call authenticated by the
/// cookie must also prove it came from our pages: the anti-forgery request token in the <c>X-CSRF-TOKEN</c>
/// header. Calls with a key are not affected (a key is never sent by a browser on its own).
/// </summary>
internal static class ApiCsrfCheck
{
    public const string HeaderName = "X-CSRF-TOKEN";

    public static IApplicationBuilder UseApiCsrfCheck(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api")
                && context.User.Identity?.AuthenticationType == AdminAuthentication.CookieScheme
                && !await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status400BadRequest, Title = "Missing anti-forgery token",
                        Detail = $"A request signed in by the admin cookie must send the page's token in {HeaderName}.",
                    },
                });
                return;
            }
            await next(context);
        });
}
