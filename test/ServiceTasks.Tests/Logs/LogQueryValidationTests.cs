using System.Net;

namespace ServiceTasks.Tests.Logs;

[TestClass]
public sealed class LogQueryValidationTests
{
    private static TestApp _app = null!;

    [ClassInitialize]
    public static async Task CreateAppAsync(TestContext _)
    {
        _app = await TestHost.CreateAppAsync();
        await LogRows.InsertAsync(Enumerable.Range(0, 3).Select(i => LogRows.Row(
            _app.AppUuid, Guid.NewGuid(), "svc", ExecutionStatus.Success, DateTimeOffset.UtcNow.AddMinutes(-i))));
    }

    [TestMethod]
    [DataRow("/api/services/logs?date_from=yesterday", "date_from")]
    [DataRow("/api/services/logs?date_from=2025-13-01", "date_from")]
    [DataRow("/api/services/logs?date_from=1/2/2025", "date_from")]
    [DataRow("/api/services/logs?date_from=", "date_from")]
    [DataRow("/api/services/logs?date_to=2025-01-01T25:00:00Z", "date_to")]
    [DataRow("/api/services/logs?date_to=2025-01-01T10:00:00+02:00", "date_to")] // an unescaped + arrives as a space
    [DataRow("/api/services/logs?date_from=2025-02-01&date_to=2025-01-01", "date_from")]
    [DataRow("/api/services/logs?page=0", "page")]
    [DataRow("/api/services/logs?page=-1", "page")]
    [DataRow("/api/services/logs?page=one", "page")]
    [DataRow("/api/services/logs?page_size=1000", "page_size")]
    [DataRow("/api/services/logs?page_size=0", "page_size")]
    [DataRow("/api/services/logs?status=DONE", "status")]
    [DataRow("/api/services/logs?status=", "status")]
    [DataRow("/api/services/logs?service_config_id=123", "service_config_id")]
    [DataRow("/api/services/logs?service_config_id=", "service_config_id")]
    [DataRow("/api/services/logs?service_task_id=not-a-uuid", "service_task_id")]
    [DataRow("/api/services/logs?service_name=", "service_name")]
    [DataRow("/api/services/logs?instance_id=", "instance_id")]
    [DataRow("/api/services/logs?cursor=garbage", "cursor")]
    [DataRow("/api/services/logs?cursor=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "cursor")]
    [DataRow("/api/services/logs?cursor=", "cursor")]
    [DataRow("/api/services/stats?date_from=tomorrow", "date_from")]
    [DataRow("/api/services/stats?date_to=2025-02-30", "date_to")]
    [DataRow("/api/services/stats?date_from=2025-02-01&date_to=2025-01-01", "date_from")]
    [DataRow("/api/services/stats?date_from=2999-01-01", "date_from")] // after the default date_to, now
    public async Task Get_WithMalformedQueryValue_Returns400NamingTheField(string url, string field)
    {
        using var client = _app.Admin();
        await (await client.GetAsync(url)).ProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [TestMethod]
    public async Task GetLogs_WithSeveralBadValues_NamesEachField()
    {
        using var client = _app.Admin();
        var problem = await (await client.GetAsync("/api/services/logs?status=X&date_to=never&service_task_id=1"))
            .ProblemAsync(HttpStatusCode.BadRequest);
        foreach (var field in new[] { "status", "date_to", "service_task_id" })
            Assert.IsNotNull(problem["errors"]?[field], problem.ToJsonString());
    }

    [TestMethod]
    public async Task GetLogs_WithATamperedCursor_Returns400()
    {
        using var client = _app.Admin();
        var page = await (await client.GetAsync("/api/services/logs?page_size=1")).JsonAsync(HttpStatusCode.OK);
        var cursor = page["next_cursor"]!.GetValue<string>();
        var middle = cursor.Length / 2;
        var tampered = cursor[..middle] + (cursor[middle] == 'A' ? 'B' : 'A') + cursor[(middle + 1)..];

        await (await client.GetAsync($"/api/services/logs?page_size=1&cursor={Uri.EscapeDataString(cursor)}")).JsonAsync(HttpStatusCode.OK);
        await (await client.GetAsync($"/api/services/logs?page_size=1&cursor={Uri.EscapeDataString(tampered)}"))
            .ProblemAsync(HttpStatusCode.BadRequest, "cursor");
    }
}
