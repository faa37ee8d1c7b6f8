using System.Net;

namespace ServiceTasks.Tests.Logs;

[TestClass]
public sealed class LogListTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 10, 0, 0, 0, TimeSpan.Zero);
    private static readonly Guid Alpha = Guid.NewGuid();
    private static readonly Guid Beta = Guid.NewGuid();
    private static readonly Guid Task1 = Guid.NewGuid();
    private static readonly Guid Task2 = Guid.NewGuid();
    private static TestApp _app = null!;
    private static IReadOnlyList<ServiceExecutionLog> _rows = [];

    [ClassInitialize]
    public static async Task SeedAsync(TestContext _)
    {
        _app = await TestHost.CreateAppAsync();
        var a = _app.AppUuid;
        string[] statuses = [ExecutionStatus.Success, ExecutionStatus.Failed, ExecutionStatus.Success, ExecutionStatus.Timeout];
        _rows = await LogRows.InsertAsync(Enumerable.Range(0, 12).Select(i => LogRows.Row(
            a, i % 3 == 0 ? Beta : Alpha, i % 3 == 0 ? "beta" : "Alpha-Service", statuses[i % 4],
            Start.AddHours(i), instance: i < 6 ? "inst-1" : "inst-2", task: i % 2 == 0 ? Task1 : Task2)));
        // Two rows at the same instant: the higher id comes first.
        _rows = [.. _rows, .. await LogRows.InsertAsync(
            LogRows.Row(a, Alpha, "Alpha-Service", ExecutionStatus.Success, Start.AddHours(5)),
            LogRows.Row(a, Alpha, "Alpha-Service", ExecutionStatus.Success, Start.AddHours(5)))];
    }

    public static IEnumerable<object[]> Filters =>
    [
        ["", (Func<ServiceExecutionLog, bool>)(_ => true)],
        [$"service_config_id={Alpha}", (Func<ServiceExecutionLog, bool>)(r => r.ServiceConfigId == Alpha)],
        ["service_name=ALPHA-service", (Func<ServiceExecutionLog, bool>)(r => r.ServiceName == "Alpha-Service")],
        ["service_name=Alpha", (Func<ServiceExecutionLog, bool>)(_ => false)],
        ["status=FAILED", (Func<ServiceExecutionLog, bool>)(r => r.Status == ExecutionStatus.Failed)],
        ["status=timeout", (Func<ServiceExecutionLog, bool>)(r => r.Status == ExecutionStatus.Timeout)],
        ["instance_id=inst-2", (Func<ServiceExecutionLog, bool>)(r => r.InstanceId == "inst-2")],
        ["instance_id=INST-2", (Func<ServiceExecutionLog, bool>)(_ => false)],
        [$"service_task_id={Task1}", (Func<ServiceExecutionLog, bool>)(r => r.ServiceTaskId == Task1)],
        ["date_from=2025-03-10T03:00:00Z", (Func<ServiceExecutionLog, bool>)(r => r.CreatedAt >= Start.AddHours(3))],
        ["date_to=2025-03-10T03:00:00Z", (Func<ServiceExecutionLog, bool>)(r => r.CreatedAt < Start.AddHours(3))],
        ["date_from=2025-03-10T05:00:00%2B02:00&date_to=2025-03-10T06:00", // 03:00Z to 06:00Z
            (Func<ServiceExecutionLog, bool>)(r => r.CreatedAt >= Start.AddHours(3) && r.CreatedAt < Start.AddHours(6))],
        ["date_from=2025-03-10&date_to=2025-03-10", (Func<ServiceExecutionLog, bool>)(_ => false)],
        ["date_from=2025-03-10&date_to=2025-03-11", (Func<ServiceExecutionLog, bool>)(_ => true)],
        [$"service_config_id={Alpha}&status=SUCCESS&instance_id=inst-1&date_from=2025-03-10T02:00:00.000Z",
            (Func<ServiceExecutionLog, bool>)(r => r.ServiceConfigId == Alpha && r.Status == ExecutionStatus.Success
                && r.InstanceId == "inst-1" && r.CreatedAt >= Start.AddHours(2))],
    ];

    [TestMethod]
    [DynamicData(nameof(Filters))]
    public async Task GetLogs_WithFilter_ReturnsExactlyTheMatchingRowsNewestFirst(string query, Delegate matches)
    {
        using var client = _app.Admin();
        var page = await (await client.GetAsync($"/api/services/logs?page_size=200&{query}")).JsonAsync(HttpStatusCode.OK);

        // A Delegate parameter: test methods are public, the log entity is internal.
        var expected = LogRows.NewestFirst(_rows.Where((Func<ServiceExecutionLog, bool>)matches));
        CollectionAssert.AreEqual(expected, LogRows.Ids(page), query);
        Assert.AreEqual(expected.Length, page["total_count"]!.GetValue<int>());
        Assert.IsNull(page["next_cursor"], "One page holds them all.");
    }

    [TestMethod]
    public async Task GetLogs_ByPages_ReturnsEveryRowOnceWithTotalAndCursorUntilTheLastPage()
    {
        using var client = _app.Admin();
        var seen = new List<long>();
        for (var pageNumber = 1; pageNumber <= 3; pageNumber++)
        {
            var page = await (await client.GetAsync($"/api/services/logs?page={pageNumber}&page_size=5")).JsonAsync(HttpStatusCode.OK);
            Assert.AreEqual(_rows.Count, page["total_count"]!.GetValue<int>());
            Assert.AreEqual(pageNumber, page["page"]!.GetValue<int>());
            Assert.AreEqual(5, page["page_size"]!.GetValue<int>());
            Assert.AreEqual(pageNumber < 3, page["next_cursor"] is not null, $"page {pageNumber}");
            seen.AddRange(LogRows.Ids(page));
        }
        CollectionAssert.AreEqual(LogRows.NewestFirst(_rows), seen);

        var beyond = await (await client.GetAsync("/api/services/logs?page=4&page_size=5")).JsonAsync(HttpStatusCode.OK);
        Assert.IsEmpty(beyond["items"]!.AsArray());
        Assert.AreEqual(_rows.Count, beyond["total_count"]!.GetValue<int>());
    }

    [TestMethod]
    public async Task GetLogs_DefaultPageSize_Is50()
    {
        using var client = _app.Admin();
        var page = await (await client.GetAsync("/api/services/logs")).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual(50, page["page_size"]!.GetValue<int>());
        Assert.AreEqual(1, page["page"]!.GetValue<int>());
    }

    [TestMethod]
    public async Task GetLogs_ListItems_CarryTheSummaryButNotTheBodies()
    {
        using var client = _app.Admin();
        var page = await (await client.GetAsync($"/api/services/logs?service_task_id={Task2}&status=FAILED&service_name=alpha-service")).JsonAsync(HttpStatusCode.OK);
        var item = page["items"]![0]!;
        var row = _rows.Single(r => r.Id == item["id"]!.GetValue<long>());
        Assert.AreEqual(Alpha.ToString(), item["service_config_id"]!.GetValue<string>());
        Assert.AreEqual(Task2.ToString(), item["service_task_id"]!.GetValue<string>());
        Assert.AreEqual("Alpha-Service", item["service_name"]!.GetValue<string>());
        Assert.AreEqual("FAILED", item["status"]!.GetValue<string>());
        Assert.AreEqual("failed on purpose", item["error_message"]!.GetValue<string>());
        Assert.AreEqual(500, item["http_status_code"]!.GetValue<int>());
        Assert.AreEqual(row.CreatedAt, item["created_at"]!.GetValue<DateTimeOffset>());
        Assert.IsNull(item["request_data"]);
        Assert.IsNull(item["response_data"]);
    }
}
