using System.Net;

namespace ServiceTasks.Tests.Logs;

[TestClass]
public sealed class LogAccessTests
{
    private static readonly Guid Config = Guid.NewGuid();
    private static TestApp _mine = null!;
    private static TestApp _theirs = null!;
    private static IReadOnlyList<ServiceExecutionLog> _rows = [];

    [ClassInitialize]
    public static async Task SeedAsync(TestContext _)
    {
        _mine = await TestHost.CreateAppAsync();
        _theirs = await TestHost.CreateAppAsync();
        var at = DateTimeOffset.UtcNow.AddMinutes(-30);
        _rows = await LogRows.InsertAsync(
            LogRows.Row(_mine.AppUuid, Config, "payments", ExecutionStatus.Success, at, ms: 120, instance: "wf-1", task: Guid.NewGuid()),
            LogRows.Row(_mine.AppUuid, Config, "payments", ExecutionStatus.Timeout, at.AddMinutes(1), ms: 30000, instance: "wf-1"));
    }

    public static IEnumerable<string> Routes => ["/api/services/logs", "/api/services/logs/{id}", "/api/services/stats"];

    [TestMethod]
    public async Task GetLog_ById_ReturnsTheWholeRowWithRequestAndResponse()
    {
        using var client = _mine.Admin();
        var row = _rows[0];
        var log = await (await client.GetAsync($"/api/services/logs/{row.Id}")).JsonAsync(HttpStatusCode.OK);

        Assert.AreEqual(row.Id, log["id"]!.GetValue<long>());
        Assert.AreEqual(row.ServiceTaskId.ToString(), log["service_task_id"]!.GetValue<string>());
        Assert.AreEqual("payments", log["service_name"]!.GetValue<string>());
        Assert.AreEqual("wf-1", log["instance_id"]!.GetValue<string>());
        Assert.AreEqual("SUCCESS", log["status"]!.GetValue<string>());
        Assert.AreEqual(5, log["request_data"]!["body"]!["amount"]!.GetValue<int>());
        Assert.IsTrue(log["response_data"]!["ok"]!.GetValue<bool>());
        Assert.IsFalse(log["response_truncated"]!.GetValue<bool>());
        Assert.AreEqual(120, log["execution_time_ms"]!.GetValue<int>());
        Assert.AreEqual(200, log["http_status_code"]!.GetValue<int>());
        Assert.AreEqual(0, log["retry_attempt"]!.GetValue<int>());
    }

    [TestMethod]
    public async Task GetLog_UnknownId_Returns404()
    {
        using var client = _mine.Admin();
        Assert.AreEqual(HttpStatusCode.NotFound, (await client.GetAsync($"/api/services/logs/{long.MaxValue}")).StatusCode);
    }

    [TestMethod]
    public async Task AnotherAppsAdmin_SeesNoneOfTheRows_AndGets404ForTheirIds()
    {
        using var client = _theirs.Admin();
        var page = await (await client.GetAsync($"/api/services/logs?service_config_id={Config}")).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual(0, page["total_count"]!.GetValue<int>());
        var all = await (await client.GetAsync("/api/services/logs")).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual(0, all["total_count"]!.GetValue<int>());
        var stats = await (await client.GetAsync("/api/services/stats")).JsonAsync(HttpStatusCode.OK);
        Assert.IsEmpty(stats["items"]!.AsArray());
        Assert.IsEmpty(stats["hourly"]!.AsArray());

        foreach (var row in _rows)
        {
            var response = await client.GetAsync($"/api/services/logs/{row.Id}");
            Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("payments", await response.Content.ReadAsStringAsync());
        }
    }

    [TestMethod]
    public async Task Operator_ActingOnTheApp_SeesItsLogs()
    {
        using var client = TestHost.Operator();
        client.DefaultRequestHeaders.Add("X-App-Uuid", _mine.AppUuid.ToString());
        var page = await (await client.GetAsync("/api/services/logs")).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual(_rows.Count, page["total_count"]!.GetValue<int>());
        var stats = await (await client.GetAsync("/api/services/stats")).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual(_rows.Count, stats["items"]![0]!["total"]!.GetValue<int>());
    }

    [TestMethod]
    [DynamicData(nameof(Routes))]
    public async Task EngineKey_Returns403(string route)
    {
        using var client = _mine.Engine();
        await (await client.GetAsync(route.Replace("{id}", _rows[0].Id.ToString()))).ProblemAsync(HttpStatusCode.Forbidden);
    }

    [TestMethod]
    [DynamicData(nameof(Routes))]
    public async Task NoKey_Returns401(string route)
    {
        using var client = TestHost.Anonymous();
        await (await client.GetAsync(route.Replace("{id}", _rows[0].Id.ToString()))).ProblemAsync(HttpStatusCode.Unauthorized);
    }
}
