using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace ServiceTasks.Hosting;

/// <summary>
/// Turns what the framework throws for bad requests into problem details that name the field, a lost or unreachable
/// database into a 503, and a value PostgreSQL refuses as data into a 400. Anything else falls through to the
/// generic 500 problem (logged by the exception handler middleware), without a stack trace in the answer.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        // EF wraps exceptions thrown while it evaluates a query's parameters.
        if (exception is InvalidOperationException { InnerException: RequestValidationException inner }) exception = inner;
        ProblemDetails? problem = exception switch
        {
            RequestValidationException e => Validation(e.Field, e.Message),
            BadHttpRequestException { InnerException: JsonException json } => Validation(FieldOf(json), Describe(json)),
            BadHttpRequestException e when e.StatusCode == StatusCodes.Status413PayloadTooLarge =>
                new ProblemDetails { Status = e.StatusCode, Detail = "The request body is larger than the limit." },
            BadHttpRequestException e => new ProblemDetails { Status = e.StatusCode, Detail = e.Message },
            _ => DatabaseFailure.Classify(exception) switch
            {
                DatabaseFailure.Kind.Unavailable =>
                    new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Detail = "The database is unavailable; try again shortly." },
                DatabaseFailure.Kind.BadData => Validation("body", "holds a value the database cannot store."),
                _ => null,
            },
        };
        if (problem is null) return false;

        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static HttpValidationProblemDetails Validation(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Detail = $"{field}: {message}",
        };

    // "$.retry_policy.multiplier" -> "retry_policy.multiplier"; the whole body is "body".
    private static string FieldOf(JsonException json) =>
        json.Path is null or "$" ? "body" : json.Path.TrimStart('$', '.');

    private static string Describe(JsonException json)
    {
        var message = json.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        message = cut > 0 ? message[..cut] : message;
        return message.Contains("could not be mapped", StringComparison.Ordinal) ? "is not a known member." :
            message.Contains("could not be converted", StringComparison.Ordinal) ? "has the wrong type." :
            "is not valid JSON.";
    }
}
