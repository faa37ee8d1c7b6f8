using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Tests.Reliability;

/// <summary>
/// Tenant walls (docs/reliability.md), in one table: every route that takes an id, called with app A's ids by app B's admin and
/// engine keys. The answer is 404 (or 403 where the role may not use the route at all), and never A's data.
/// </summary>
[TestClass]
public sealed class TenantWallTests
{
    private static TestApp _a = null!;
    private static TestApp _b = null!;
    private static Dictionary<string, string> _ids = null!;

    [ClassInitialize]
    public static async Task CreateAppsAsync(TestContext _)
    {
        _a = await TestHost.CreateAppAsync();
        _b = await TestHost.CreateAppAsync();
        var service = await TestServices.CreateAsync(_a, s => s.MockDefinition = TestServices.AlwaysFails(404));
        using var engine = _a.Engine();
        var taskId = await TestServices.EnqueueAsync(engine, service.Id);
        await TestServices.WaitForStatusAsync(engine, taskId, "FAILED");
        await using var scope = TestHost.DbScope(out var db);
        var logId = await db.ServiceExecutionLogs.Where(l => l.ServiceTaskId == taskId).Select(l => l.Id).FirstAsync();
        var keyId = await db.ApiKeys.Where(k => k.AppUuid == _a.AppUuid).Select(k => k.Id).FirstAsync();
        _ids = new()
        {
            ["{app}"] = _a.AppUuid.ToString(), ["{service}"] = service.Id.ToString(), ["{task}"] = taskId.ToString(),
            ["{log}"] = logId.ToString(), ["{key}"] = keyId.ToString(),
        };
    }

    // Route, body, and what an engine key gets: engines may read services and use tasks, nothing else.
    public static IEnumerable<object[]> Routes =>
    [
        ["GET", "/api/apps/{app}", null!, HttpStatusCode.Forbidden],
        ["PATCH", "/api/apps/{app}", """{"name":"x"}""", HttpStatusCode.Forbidden],
        ["GET", "/api/apps/{app}/keys", null!, HttpStatusCode.Forbidden],
        ["POST", "/api/apps/{app}/keys", """{"role":"engine","name":"x"}""", HttpStatusCode.Forbidden],
        ["DELETE", "/api/apps/{app}/keys/{key}", null!, HttpStatusCode.Forbidden],
        ["GET", "/api/services/{service}", null!, HttpStatusCode.NotFound],
        ["PATCH", "/api/services/{service}", """{"description":"x"}""", HttpStatusCode.Forbidden],
        ["DELETE", "/api/services/{service}", null!, HttpStatusCode.Forbidden],
        ["GET", "/api/services/{service}/versions", null!, HttpStatusCode.NotFound],
        ["POST", "/api/services/{service}/versions/1/restore", null!, HttpStatusCode.Forbidden],
        ["POST", "/api/services/{service}/test", """{"input_data":{}}""", HttpStatusCode.Forbidden],
        ["GET", "/api/services/logs/{log}", null!, HttpStatusCode.Forbidden],
        ["GET", "/api/service-tasks/{task}", null!, HttpStatusCode.NotFound],
        ["POST", "/api/service-tasks/{task}/cancel", null!, HttpStatusCode.NotFound],
        ["POST", "/api/service-tasks/{task}/retry", null!, HttpStatusCode.NotFound],
        ["POST", "/api/service-tasks", """{"service_config_id":"{service}","instance_id":"i","task_id":"t"}""", HttpStatusCode.NotFound],
    ];

    [TestMethod]
    [DynamicData(nameof(Routes))]
    public async Task AnotherAppsAdmin_Gets404_AndNoneOfItsData(string method, string route, string? body, HttpStatusCode _)
    {
        using var admin = _b.Admin();
        await AssertWalledAsync(admin, method, route, body, HttpStatusCode.NotFound);
    }

    [TestMethod]
    [DynamicData(nameof(Routes))]
    public async Task AnotherAppsEngine_Gets404Or403_AndNoneOfItsData(string method, string route, string? body, HttpStatusCode expected)
    {
        using var engine = _b.Engine();
        await AssertWalledAsync(engine, method, route, body, expected);
    }

    [TestMethod]
    public async Task Lists_OfAnotherApp_NeverShowTheseRows()
    {
        using var admin = _b.Admin();
        foreach (var path in new[] { "/api/services", "/api/services/export", "/api/services/logs", "/api/service-tasks", "/api/services/stats" })
        {
            var text = await (await admin.GetAsync(path)).Content.ReadAsStringAsync();
            foreach (var id in GuidIds()) Assert.DoesNotContain(id, text, $"{path} shows another app's {id}");
        }
    }

    // The log id is a small number that any answer may contain by chance; the uuids are what would betray a leak.
    private static IEnumerable<string> GuidIds() => _ids.Values.Where(v => Guid.TryParse(v, out _));

    private static async Task AssertWalledAsync(HttpClient client, string method, string route, string? body, HttpStatusCode expected)
    {
        var url = _ids.Aggregate(route, (r, id) => r.Replace(id.Key, id.Value));
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null)
            request.Content = new StringContent(_ids.Aggregate(body, (b, id) => b.Replace(id.Key, id.Value)), Encoding.UTF8, "application/json");
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.AreEqual(expected, response.StatusCode, $"{method} {url}: {text}");
        foreach (var id in GuidIds().Where(id => !url.Contains(id) && !(body ?? "").Contains(id)))
            Assert.DoesNotContain(id, text, $"{method} {url} leaked {id}");
        Assert.DoesNotContain("\"service_name\"", text, $"{method} {url} answered a service");
    }
}
