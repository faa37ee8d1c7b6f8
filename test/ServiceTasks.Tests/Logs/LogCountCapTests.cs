using System.Net;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Tests.Logs;

/// <summary>
/// total_count counts up to <see cref="LogCount.Cap"/>: past it the list answers the cap and total_count_capped, and
/// the pages go on as before. One app with Cap SUCCESS rows and one FAILED row, so the cap, one row under it and one
/// over it are all in reach of a filter.
/// </summary>
[TestClass]
public sealed class LogCountCapTests
{
    private static readonly DateTimeOffset Start = new(2025, 5, 1, 0, 0, 0, TimeSpan.Zero);
    private static TestApp _app = null!;

    [ClassInitialize]
    public static async Task SeedAsync(TestContext _)
    {
        _app = await TestHost.CreateAppAsync();
        var config = Guid.NewGuid();
        await using var scope = TestHost.DbScope(out var db);
        // One statement instead of 10,001 entities: the rows the execution would write, a second apart.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO service_execution_logs (app_uuid, service_config_id, service_name, status, execution_time_ms, retry_attempt,
                                                response_truncated, created_at)
            SELECT {_app.AppUuid}, {config}, 'svc', CASE WHEN g = 0 THEN 'FAILED' ELSE 'SUCCESS' END, 100, 0, false,
                   {Start} + g * interval '1 second'
            FROM generate_series(0, {LogCount.Cap}) AS g
            """);
    }

    [TestMethod]
    public async Task GetLogs_MoreRowsThanTheCap_AnswersTheCapAndSaysItIsCapped()
    {
        using var client = _app.Admin();
        var page = await (await client.GetAsync("/api/services/logs?page_size=50")).JsonAsync(HttpStatusCode.OK);

        Assert.AreEqual(LogCount.Cap, page["total_count"]!.GetValue<int>());
        Assert.IsTrue(page["total_count_capped"]!.GetValue<bool>());
        Assert.HasCount(50, page["items"]!.AsArray());

        var next = page["next_cursor"]!.GetValue<string>();
        var second = await (await client.GetAsync($"/api/services/logs?page_size=50&cursor={Uri.EscapeDataString(next)}"))
            .JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual(LogCount.Cap, second["total_count"]!.GetValue<int>(), "The walk's count travels with its cursor.");
        Assert.IsTrue(second["total_count_capped"]!.GetValue<bool>());
    }

    [TestMethod]
    public async Task GetLogs_CappedCount_LogsNoWarning()
    {
        using var client = _app.Admin();

        await (await client.GetAsync("/api/services/logs?page_size=10&status=FAILED")).JsonAsync(HttpStatusCode.OK);

        // The capped count is a row limit without an order, which EF reports as a Warning once per process unless told
        // otherwise; the order means nothing to a count, and an operator has nothing to do about it.
        var warnings = CapturedLogs.Instance.Lines.Where(l => l.StartsWith("Warning Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
            && l.Contains("row limiting operator", StringComparison.Ordinal)).ToList();
        Assert.IsEmpty(warnings, string.Join('\n', warnings));
    }

    [TestMethod]
    [DataRow("status=SUCCESS", LogCount.Cap)]
    [DataRow("status=FAILED", 1)]
    [DataRow("date_from=2025-05-01T00:00:01Z", LogCount.Cap)]
    [DataRow("date_from=2025-05-01T00:00:02Z", LogCount.Cap - 1)]
    public async Task GetLogs_AtMostTheCapOfRows_CountsExactly(string filter, int expected)
    {
        using var client = _app.Admin();
        var page = await (await client.GetAsync($"/api/services/logs?page_size=10&{filter}")).JsonAsync(HttpStatusCode.OK);

        Assert.AreEqual(expected, page["total_count"]!.GetValue<int>());
        Assert.IsFalse(page["total_count_capped"]!.GetValue<bool>());
    }

    [TestMethod]
    public async Task GetLogs_PastTheCapByPageNumber_StillAnswersRows()
    {
        using var client = _app.Admin();
        var last = await (await client.GetAsync("/api/services/logs?page_size=200&page=51")).JsonAsync(HttpStatusCode.OK);

        // Row 10,001 of 10,001, newest first: the FAILED row (g = 0) is the oldest and comes last.
        var items = last["items"]!.AsArray();
        Assert.HasCount(1, items);
        Assert.AreEqual("FAILED", items[0]!["status"]!.GetValue<string>());
    }
}
