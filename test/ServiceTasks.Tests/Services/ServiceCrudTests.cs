using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ServiceTasks.Tests.Services;

[TestClass]
public sealed class ServiceCrudTests
{
    [TestMethod]
    public async Task Post_RealServiceWithOnlyRequiredFields_Returns201WithDefaultsLocationAndETag()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        var response = await admin.PostAsJsonAsync("/api/services", ServiceBodies.Real("crm"));
        var service = await response.JsonAsync(HttpStatusCode.Created);

        Assert.AreEqual($"/api/services/{service.Id()}", response.Headers.Location?.ToString());
        Assert.AreEqual("\"v1\"", response.Headers.ETag?.ToString());
        Assert.AreEqual(app.AppUuid.ToString(), service["app_uuid"]!.GetValue<string>());
        Assert.AreEqual("GET", service["http_method"]!.GetValue<string>());
        Assert.AreEqual(30, service["timeout_seconds"]!.GetValue<int>());
        Assert.AreEqual(3, service["max_retries"]!.GetValue<int>());
        Assert.IsTrue(service["send_idempotency_key"]!.GetValue<bool>());
        Assert.IsTrue(service["is_active"]!.GetValue<bool>());
        Assert.AreEqual(1, service["version"]!.GetValue<int>());
        Assert.AreEqual("admin:admin", service["created_by"]!.GetValue<string>());
        Assert.AreEqual("""{"initial_delay_seconds":2,"multiplier":2,"max_delay_seconds":300,"jitter":"full"}""",
            service["retry_policy"]!.ToJsonString());
    }

    [TestMethod]
    public async Task Post_MockFromTemplate_Returns201AndGetAnswersItWithETag()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        var created = await ServiceBodies.CreateAsync(admin, ServiceBodies.Mock("weather"));

        var response = await admin.GetAsync($"/api/services/{created.Id()}");
        var service = await response.JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual("\"v1\"", response.Headers.ETag?.ToString());
        Assert.AreEqual("weather_service_mock", service["mock_template_id"]!.GetValue<string>());
        Assert.IsNull(service["endpoint_url"]);
        Assert.IsNull(service["http_method"]);
    }

    [TestMethod]
    public async Task Post_DuplicateServiceNameIgnoringCase_Returns409NamingTheField()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        await ServiceBodies.CreateAsync(admin, ServiceBodies.Mock("Payments"));

        var response = await admin.PostAsJsonAsync("/api/services", ServiceBodies.Real("PAYMENTS"));
        await response.ProblemAsync(HttpStatusCode.Conflict, "service_name");
        var list = await (await admin.GetAsync("/api/services")).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual(1, list["total_count"]!.GetValue<int>());
    }

    [TestMethod]
    public async Task Post_SameNameInAnotherApp_Returns201()
    {
        var (first, second) = (await TestHost.CreateAppAsync(), await TestHost.CreateAppAsync());
        using var a = first.Admin();
        using var b = second.Admin();
        await ServiceBodies.CreateAsync(a, ServiceBodies.Mock("shared-name"));
        await ServiceBodies.CreateAsync(b, ServiceBodies.Mock("shared-name"));
    }

    [TestMethod]
    public async Task List_FiltersByTypeActiveAndSearch_OrderedByName()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        await ServiceBodies.CreateAsync(admin, ServiceBodies.Real("b-billing"));
        var mock = ServiceBodies.Mock("a-weather");
        mock["description"] = "Forecasts 100% _made up_";
        await ServiceBodies.CreateAsync(admin, mock);
        var inactive = ServiceBodies.Mock("c-news", "news_service_mock");
        inactive["is_active"] = false;
        await ServiceBodies.CreateAsync(admin, inactive);

        async Task<string[]> Names(string query)
        {
            var list = await (await admin.GetAsync($"/api/services?{query}")).JsonAsync(HttpStatusCode.OK);
            return [.. list["items"]!.AsArray().Select(i => i!["service_name"]!.GetValue<string>())];
        }

        CollectionAssert.AreEqual(new[] { "a-weather", "b-billing", "c-news" }, await Names(""));
        CollectionAssert.AreEqual(new[] { "a-weather", "c-news" }, await Names("service_type=MOCK"));
        CollectionAssert.AreEqual(new[] { "b-billing" }, await Names("service_type=REAL"));
        CollectionAssert.AreEqual(new[] { "c-news" }, await Names("is_active=false"));
        CollectionAssert.AreEqual(new[] { "b-billing" }, await Names("search=BILL"));
        CollectionAssert.AreEqual(new[] { "a-weather" }, await Names("search=100%25%20_made"));
        CollectionAssert.AreEqual(Array.Empty<string>(), await Names("search=%25%25x"));
        CollectionAssert.AreEqual(new[] { "b-billing" }, await Names("page=2&page_size=1"));
    }

    [TestMethod]
    public async Task GetPatchDelete_UnknownId_Return404()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        var id = Guid.NewGuid();
        await (await admin.GetAsync($"/api/services/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await ServiceBodies.PatchAsync(admin, id.ToString(), "{}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await admin.DeleteAsync($"/api/services/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await admin.GetAsync("/api/services/not-a-guid")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [TestMethod]
    public async Task Operator_CreatesInTheAppNamedByHeader_AndWithoutItGets400()
    {
        var app = await TestHost.CreateAppAsync();
        using var op = TestHost.Operator();
        await (await op.PostAsJsonAsync("/api/services", ServiceBodies.Mock())).ProblemAsync(HttpStatusCode.BadRequest, "X-App-Uuid");

        op.DefaultRequestHeaders.Add("X-App-Uuid", app.AppUuid.ToString());
        var service = await ServiceBodies.CreateAsync(op, ServiceBodies.Mock());
        Assert.AreEqual(app.AppUuid.ToString(), service["app_uuid"]!.GetValue<string>());
        using var admin = app.Admin();
        await ServiceBodies.GetAsync(admin, service.Id().ToString());
    }
}
