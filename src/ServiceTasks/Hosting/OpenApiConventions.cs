namespace ServiceTasks.Hosting;

/// <summary>
/// What an endpoint declares for the OpenAPI document beyond its result types: the problem details it may answer
/// and the request headers it reads. <see cref="OpenApiDocumentFilter"/> turns the header markers into parameters.
/// </summary>
internal static class OpenApiConventions
{
    /// <summary>Problem details for each status: 400 with field <c>errors</c>, any other as plain problem details.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statusCodes)
    {
        foreach (var status in statusCodes)
            builder = status == StatusCodes.Status400BadRequest ? builder.ProducesValidationProblem() : builder.ProducesProblem(status);
        return builder;
    }

    public static RouteHandlerBuilder WithIdempotencyKey(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new RequestHeader(TasksApi.IdempotencyHeader,
            "Identifies the request: the same key with an equal body answers the original task (200); with another body, 422. " +
            "1 to 200 visible ASCII characters. Without it, (instance_id, task_id) identifies the request."));

    public static RouteHandlerBuilder WithIfMatch(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new RequestHeader("If-Match",
            "The service's ETag (\"v{version}\") as last read: the change applies only to that version, else 412."));

    public static RouteHandlerBuilder WithETag(this RouteHandlerBuilder builder) => builder.WithMetadata(new AnswersETag());

    /// <summary>
    /// A query parameter bound as text (so a bad value is our field error, not a binding failure) that is a whole
    /// number from <paramref name="minimum"/> to <paramref name="maximum"/>: declared so, for generated clients.
    /// </summary>
    public static RouteHandlerBuilder WithIntegerQuery(this RouteHandlerBuilder builder, string name, int minimum, int maximum) =>
        builder.WithMetadata(new IntegerQuery(name, minimum, maximum));

    /// <summary>An HTTP request header the endpoint reads, declared as an optional header parameter.</summary>
    internal sealed record RequestHeader(string Name, string Description);

    internal sealed record IntegerQuery(string Name, int Minimum, int Maximum);

    /// <summary>The endpoint's successful answers carry an ETag header.</summary>
    internal sealed record AnswersETag;
}
