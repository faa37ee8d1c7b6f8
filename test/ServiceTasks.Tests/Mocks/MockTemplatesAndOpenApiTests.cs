using System.Net;

namespace ServiceTasks.Tests.Mocks;

[TestClass]
public sealed class MockTemplatesAndOpenApiTests
{
    [TestMethod]
    public async Task MockTemplates_ListsTheFourBuiltIns_WithScenariosAndSampleResponses()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        var page = await (await admin.GetAsync("/api/mock-templates")).JsonAsync(HttpStatusCode.OK);
        var items = page["items"]!.AsArray();

        CollectionAssert.AreEqual(
            new[] { "weather_service_mock", "news_service_mock", "document_generator_mock", "data_validation_mock" },
            items.Select(i => i!["id"]!.GetValue<string>()).ToArray());
        var news = items[1]!;
        Assert.AreEqual(3, news["sample_response"]!["articles"]!.AsArray().Count);
        var rateLimited = news["error_scenarios"]!.AsArray().Single(s => s!["name"]!.GetValue<string>() == "Rate Limited")!;
        Assert.AreEqual(0.15, rateLimited["probability"]!.GetValue<double>());
        Assert.AreEqual(429, rateLimited["status_code"]!.GetValue<int>());
        Assert.IsFalse(string.IsNullOrEmpty(news["description"]!.GetValue<string>()));
        Assert.AreEqual(4, page["total_count"]!.GetValue<int>());
    }

    [TestMethod]
    public async Task Swagger_DocumentsEveryServiceEndpoint_WithSummaries_AndAnExampleBody()
    {
        using var client = TestHost.Anonymous();
        var document = await (await client.GetAsync("/swagger/v1/swagger.json")).JsonAsync(HttpStatusCode.OK);
        var paths = document["paths"]!;

        (string Path, string Method)[] endpoints =
        [
            ("/api/services", "get"), ("/api/services", "post"), ("/api/services/{id}", "get"), ("/api/services/{id}", "patch"),
            ("/api/services/{id}", "delete"), ("/api/services/{id}/versions", "get"), ("/api/services/{id}/versions/{n}/restore", "post"),
            ("/api/services/export", "get"), ("/api/services/import", "post"), ("/api/mock-templates", "get"),
        ];
        foreach (var (path, method) in endpoints)
        {
            var operation = paths[path]?[method];
            Assert.IsNotNull(operation, $"{method} {path} is not documented");
            Assert.IsFalse(string.IsNullOrEmpty(operation["summary"]?.GetValue<string>()), $"{method} {path} has no summary");
        }
        var request = document["components"]!["schemas"]!["ServiceRequest"]!;
        Assert.Contains("crm-lookup", request.ToJsonString());
        Assert.IsNotNull(request["properties"]!["service_name"], request.ToJsonString());
    }
}
