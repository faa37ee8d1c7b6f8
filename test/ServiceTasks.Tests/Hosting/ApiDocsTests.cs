using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ServiceTasks.Tests.Hosting;

/// <summary>
/// docs/api.md and the OpenAPI document list the same endpoints: every <c>### METHOD /path</c> heading of the page
/// is an operation of <c>/swagger/v1/swagger.json</c>, and every operation there has its heading.
/// </summary>
[TestClass]
public sealed partial class ApiDocsTests
{
    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    [TestMethod]
    public async Task ApiDocs_ListExactlyTheOperationsOfTheOpenApiDocument()
    {
        var documented = DocumentedEndpoints(await File.ReadAllLinesAsync(Path.Combine(RepoPaths.Root, "docs", "api.md")));
        using var client = TestHost.Anonymous();
        var served = ServedEndpoints(await (await client.GetAsync("/swagger/v1/swagger.json")).JsonAsync(HttpStatusCode.OK));

        Assert.IsNotEmpty(served, "The OpenAPI document lists no operation.");
        var undocumented = served.Except(documented).Order().ToList();
        var unserved = documented.Except(served).Order().ToList();
        if (undocumented.Count + unserved.Count == 0) return;
        Assert.Fail(string.Join(Environment.NewLine,
            [
                "docs/api.md and /swagger/v1/swagger.json disagree (each endpoint is a heading '### METHOD /path', path as in OpenAPI).",
                $"In the OpenAPI document but not in docs/api.md ({undocumented.Count}):", .. undocumented.Select(e => "  " + e),
                $"In docs/api.md but not in the OpenAPI document ({unserved.Count}):", .. unserved.Select(e => "  " + e),
            ]));
    }

    [TestMethod]
    public void ApiDocs_DocumentEachEndpointOnce()
    {
        var headings = File.ReadAllLines(Path.Combine(RepoPaths.Root, "docs", "api.md"))
            .Select(l => EndpointHeading().Match(l)).Where(m => m.Success).Select(Endpoint).ToList();
        var repeated = headings.GroupBy(h => h).Where(g => g.Count() > 1).Select(g => g.Key).Order().ToList();
        Assert.IsEmpty(repeated, "Endpoints with more than one heading in docs/api.md: " + string.Join(", ", repeated));
    }

    private static HashSet<string> DocumentedEndpoints(IEnumerable<string> lines) =>
        [.. lines.Select(l => EndpointHeading().Match(l)).Where(m => m.Success).Select(Endpoint)];

    private static HashSet<string> ServedEndpoints(JsonNode document) =>
        [.. document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(operation => HttpMethods.Contains(operation.Key))
            .Select(operation => $"{operation.Key.ToUpperInvariant()} {path.Key}"))];

    private static string Endpoint(Match heading) => $"{heading.Groups["method"].Value} {heading.Groups["path"].Value}";

    [GeneratedRegex(@"^###\s+(?<method>GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE)\s+(?<path>/\S*)\s*$")]
    private static partial Regex EndpointHeading();
}
