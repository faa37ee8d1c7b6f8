using System.Net;

namespace ServiceTasks.Tests.Logs;

[TestClass]
public sealed class LogOpenApiTests
{
    [TestMethod]
    public async Task OpenApi_DescribesTheLogEndpointsWithSummariesAndQueryNames()
    {
        using var client = TestHost.Anonymous();
        var document = await (await client.GetAsync("/swagger/v1/swagger.json")).JsonAsync(HttpStatusCode.OK);
        var paths = document["paths"]!;

        var list = paths["/api/services/logs"]!["get"]!;
        Assert.IsFalse(string.IsNullOrWhiteSpace(list["summary"]?.GetValue<string>()));
        var names = list["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList();
        foreach (var name in new[] { "service_config_id", "service_name", "status", "instance_id", "service_task_id", "date_from", "date_to", "cursor" })
            CollectionAssert.Contains(names, name);

        Assert.IsFalse(string.IsNullOrWhiteSpace(paths["/api/services/logs/{id}"]!["get"]!["summary"]?.GetValue<string>()));
        var stats = paths["/api/services/stats"]!["get"]!;
        Assert.IsFalse(string.IsNullOrWhiteSpace(stats["summary"]?.GetValue<string>()));
        Assert.IsNotNull(document["components"]!["schemas"]!["StatsResponse"]);
    }
}
