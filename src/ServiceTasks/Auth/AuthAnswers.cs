using System.Net;

namespace ServiceTasks.Auth;

/// <summary>
/// The 401 and 403 answers of both schemes (and the page routes' 404) (key and admin cookie), for any Accept header: a browser asking for a page
/// as HTML gets a short HTML page, everything else problem+json, even when the client accepts neither (then the
/// problem+json is written directly instead of failing because no problem-details writer matched the Accept header).
/// </summary>
internal static class AuthAnswers
{
    /// <summary>The routes a browser opens itself: the admin pages and the Hangfire dashboard.</summary>
    public static bool IsPage(PathString path) => path.StartsWithSegments("/admin") || path.StartsWithSegments("/hangfire");

    public static bool WantsHtml(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    public static async Task WriteAsync(HttpContext context, int status, string detail)
    {
        context.Response.StatusCode = status;
        if (WritesPage(context))
        {
            await WritePageAsync(context, status, detail);
            return;
        }
        // ProblemHttpResult tries the problem-details service first and writes application/problem+json itself when
        // no writer accepts (Accept: text/html or application/xml on an API route).
        await TypedResults.Problem(detail: detail, statusCode: status).ExecuteAsync(context);
    }

    /// <summary>
    /// A browser asking for a page route as HTML. The dashboard moves its prefix into PathBase while it runs, so both
    /// are read: an unknown /hangfire/x is a page too.
    /// </summary>
    public static bool WritesPage(HttpContext context) =>
        IsPage(context.Request.PathBase.Add(context.Request.Path)) && WantsHtml(context.Request);

    /// <summary>The short HTML page with the status, the reason and the links back.</summary>
    public static Task WritePageAsync(HttpContext context, int status, string detail)
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(Page(status, detail));
    }

    private static string Page(int status, string detail)
    {
        var title = status switch
        {
            StatusCodes.Status403Forbidden => "Not allowed",
            StatusCodes.Status404NotFound => "Not found",
            StatusCodes.Status401Unauthorized => "Sign-in required",
            _ => "Something went wrong",
        };
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>{status} {title} · ServiceTasks</title><link rel="stylesheet" href="/admin/assets/admin.css"></head>
            <body><main class="refusal">
            <h1>{status} · {title}</h1>
            <p>{WebUtility.HtmlEncode(detail)}</p>
            <p><a href="/admin/services">Back to the admin pages</a> · <a href="/admin/login">Sign in with another key</a></p>
            </main></body>
            </html>
            """;
    }
}
