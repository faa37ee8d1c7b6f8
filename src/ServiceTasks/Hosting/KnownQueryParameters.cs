namespace ServiceTasks.Hosting;

/// <summary>
/// A query parameter the endpoint does not take is a 400 naming it, as an unknown JSON member is: a misspelt filter
/// (<c>stauts=FAILED</c>) would otherwise answer the whole unfiltered list as if it were the filtered one.
/// </summary>
internal static class KnownQueryParameters
{
    public static TBuilder AllowOnlyQuery<TBuilder>(this TBuilder builder, params string[] names) where TBuilder : IEndpointConventionBuilder
    {
        var known = new HashSet<string>(names, StringComparer.Ordinal);
        builder.AddEndpointFilter(async (context, next) =>
        {
            var unknown = context.HttpContext.Request.Query.Keys.Where(k => !known.Contains(k)).ToList();
            if (unknown.Count == 0) return await next(context);
            return TypedResults.ValidationProblem(unknown.ToDictionary(k => k,
                _ => new[] { $"is not a query parameter of this endpoint; it takes {string.Join(", ", names)}." }));
        });
        return builder;
    }
}
