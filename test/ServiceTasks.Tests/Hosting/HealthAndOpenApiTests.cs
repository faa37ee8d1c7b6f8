using System.Net;

namespace ServiceTasks.Tests.Hosting;

[TestClass]
public sealed class HealthAndOpenApiTests
{
    [TestMethod]
    [DataRow("/health/live")]
    [DataRow("/health/ready")]
    public async Task Health_WithoutKey_Returns200(string path)
    {
        using var client = TestHost.Anonymous();
        var response = await client.GetAsync(path);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("Healthy", await response.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public async Task Swagger_DescribesTheEndpointsAndTheKeyScheme()
    {
        using var client = TestHost.Anonymous();
        var document = await (await client.GetAsync("/swagger/v1/swagger.json")).JsonAsync(HttpStatusCode.OK);

        Assert.IsNotNull(document["paths"]!["/api/apps"]);
        Assert.IsNotNull(document["paths"]!["/api/apps/{app_uuid}/keys"]);
        Assert.AreEqual("bearer", document["components"]!["securitySchemes"]!["ApiKey"]!["scheme"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task UnknownRoute_Returns404ProblemDetails()
    {
        using var client = TestHost.Anonymous();
        await (await client.GetAsync("/api/nothing-here")).ProblemAsync(HttpStatusCode.NotFound);
    }
}
