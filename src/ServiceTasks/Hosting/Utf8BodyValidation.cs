using System.Text.Unicode;
using Microsoft.AspNetCore.Http.Features;

namespace ServiceTasks.Hosting;

/// <summary>
/// Text the service cannot store gets a 400 naming the field here, once, for every endpoint: invalid UTF-8 in a JSON
/// or form body, a NUL or a lone surrogate escaped in any JSON string or member name (free-form members such as
/// input_data included), and invalid UTF-8 or a NUL percent-encoded in the query string. Otherwise it would fail later,
/// wherever the text is first decoded or reaches PostgreSQL.
/// </summary>
internal static class Utf8BodyValidation
{
    public static IApplicationBuilder UseUtf8BodyValidation(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (QueryTextScan.FindBadText(request.QueryString.Value) is { } badQuery)
                throw new RequestValidationException(badQuery.Field, badQuery.Message);

            var isJson = request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;
            var isForm = request.HasFormContentType && request.ContentType?.Contains("urlencoded", StringComparison.OrdinalIgnoreCase) == true;
            if (request.ContentLength is 0 || !(isJson || isForm)
                || context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false)
            {
                await next(context);
                return;
            }

            request.EnableBuffering();
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, context.RequestAborted); // Kestrel's body size limit applies here
            request.Body.Position = 0;
            var body = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
            if (!Utf8.IsValid(body))
                throw new RequestValidationException("body", "is not valid UTF-8.");
            var bad = isJson ? JsonTextScan.FindBadText(body) : QueryTextScan.FindBadText(System.Text.Encoding.UTF8.GetString(body));
            if (bad is { } found) throw new RequestValidationException(found.Field, found.Message);
            await next(context);
        });
}
