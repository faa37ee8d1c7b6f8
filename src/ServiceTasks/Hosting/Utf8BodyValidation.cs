using System.Text.Unicode;
using Microsoft.AspNetCore.Http.Features;

namespace ServiceTasks.Hosting;

/// <summary>
/// JSON is UTF-8 (RFC 8259). A body with invalid bytes gets a 400 naming it here, once, instead of failing later
/// wherever raw JSON (input_data, merge patches) is first turned into text.
/// </summary>
public static class Utf8BodyValidation
{
    public static IApplicationBuilder UseUtf8BodyValidation(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (request.ContentLength is 0 || request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true
                || context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false)
            {
                await next(context);
                return;
            }

            request.EnableBuffering();
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, context.RequestAborted); // Kestrel's body size limit applies here
            request.Body.Position = 0;
            if (!Utf8.IsValid(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))
                throw new RequestValidationException("body", "is not valid UTF-8.");
            await next(context);
        });
}
