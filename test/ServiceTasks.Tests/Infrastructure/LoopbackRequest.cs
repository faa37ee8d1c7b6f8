namespace ServiceTasks.Tests.Infrastructure;

/// <summary>A request as the server received it. Header names are case-insensitive; repeated values are comma-joined.</summary>
internal sealed record LoopbackRequest(string Method, string Path, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>Every value of a query parameter, in order, decoded.</summary>
    public IReadOnlyList<string> Query(string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("http://x" + PathAndQuery).Query)
            .TryGetValue(name, out var values) ? values.Select(v => v ?? "").ToArray() : [];
}
