using System.Net;
using System.Text.Json.Nodes;

namespace ServiceTasks.Tests.Logs;

[TestClass]
public sealed class LogStatsTests
{
    private const string Range = "date_from=2025-05-20T10:00:00Z&date_to=2025-05-20T12:00:00Z";
    private static readonly DateTimeOffset From = new(2025, 5, 20, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = From.AddHours(2);
    private static readonly Guid Pay = Guid.NewGuid();
    private static readonly Guid Ship = Guid.NewGuid();
    private static TestApp _app = null!;

    [ClassInitialize]
    public static async Task SeedAsync(TestContext _)
    {
        _app = await TestHost.CreateAppAsync();
        var a = _app.AppUuid;
        // "pay": 20 runs every 5 minutes from date_from, 10..200 ms; FAILED at 3, 7 and 15, TIMEOUT at 19.
        await LogRows.InsertAsync(Enumerable.Range(0, 20).Select(i => LogRows.Row(a, Pay, "pay",
            i is 3 or 7 or 15 ? ExecutionStatus.Failed : i == 19 ? ExecutionStatus.Timeout : ExecutionStatus.Success,
            From.AddMinutes(5 * i), ms: 10 * (i + 1))));
        // "ship" (renamed from "ship-old"): 100, 100, 100, 500 ms; the newest name wins.
        await LogRows.InsertAsync(
            LogRows.Row(a, Ship, "ship-old", ExecutionStatus.Success, From.AddMinutes(30), ms: 100),
            LogRows.Row(a, Ship, "ship-old", ExecutionStatus.Success, From.AddMinutes(70), ms: 100),
            LogRows.Row(a, Ship, "ship", ExecutionStatus.Failed, From.AddMinutes(80), ms: 100),
            LogRows.Row(a, Ship, "ship", ExecutionStatus.Failed, To.AddSeconds(-1), ms: 500));
        // Outside the range (date_to is exclusive), and another app's rows inside it: none of these count.
        var other = await TestHost.CreateAppAsync();
        await LogRows.InsertAsync(
            LogRows.Row(a, Pay, "pay", ExecutionStatus.Success, To, ms: 9999),
            LogRows.Row(a, Pay, "pay", ExecutionStatus.Failed, From.AddSeconds(-1), ms: 9999),
            LogRows.Row(other.AppUuid, Pay, "pay", ExecutionStatus.Failed, From.AddMinutes(1), ms: 9999),
            LogRows.Row(other.AppUuid, Guid.NewGuid(), "theirs", ExecutionStatus.Success, From.AddMinutes(1)));
        // Recent rows for the default range (the last 24 hours): one inside, one just outside.
        await LogRows.InsertAsync(
            LogRows.Row(a, Pay, "pay", ExecutionStatus.Success, DateTimeOffset.UtcNow.AddHours(-1), ms: 42),
            LogRows.Row(a, Pay, "pay", ExecutionStatus.Success, DateTimeOffset.UtcNow.AddHours(-25), ms: 42));
    }

    [TestMethod]
    public async Task Stats_PerService_MatchHandCountedFigures()
    {
        var items = (await GetStatsAsync(Range))["items"]!.AsArray();

        Assert.HasCount(2, items);
        AssertService(items[0]!, Pay, "pay", total: 20, succeeded: 16, failed: 3, timedOut: 1, rate: 0.8, avg: 105, p95: 190.5);
        AssertService(items[1]!, Ship, "ship", total: 4, succeeded: 2, failed: 2, timedOut: 0, rate: 0.5, avg: 200, p95: 440);
    }

    [TestMethod]
    public async Task Stats_Hourly_CountsByUtcHourAndStatus()
    {
        var hourly = (await GetStatsAsync(Range))["hourly"]!.AsArray()
            .Select(h => (h!["hour"]!.GetValue<DateTimeOffset>(), h["status"]!.GetValue<string>(), h["count"]!.GetValue<int>()))
            .ToArray();

        var ten = From;
        var eleven = From.AddHours(1);
        (DateTimeOffset, string, int)[] expected =
        [
            (ten, "FAILED", 2), (ten, "SUCCESS", 11),
            (eleven, "FAILED", 3), (eleven, "SUCCESS", 7), (eleven, "TIMEOUT", 1),
        ];
        CollectionAssert.AreEqual(expected, hourly);
    }

    [TestMethod]
    public async Task Stats_WithoutRange_CoverTheLast24Hours()
    {
        var stats = await GetStatsAsync("");

        var item = stats["items"]!.AsArray().Single()!;
        AssertService(item, Pay, "pay", total: 1, succeeded: 1, failed: 0, timedOut: 0, rate: 1, avg: 42, p95: 42);
        var span = stats["date_to"]!.GetValue<DateTimeOffset>() - stats["date_from"]!.GetValue<DateTimeOffset>();
        Assert.AreEqual(TimeSpan.FromHours(24), span);
    }

    [TestMethod]
    public async Task Stats_WithOnlyDateTo_CoverThe24HoursBeforeIt()
    {
        var stats = await GetStatsAsync("date_to=2025-05-20T11:00:00Z");

        Assert.AreEqual(From.AddHours(-23), stats["date_from"]!.GetValue<DateTimeOffset>());
        var totals = stats["items"]!.AsArray().Select(i => (i!["service_name"]!.GetValue<string>(), i["total"]!.GetValue<int>()));
        // pay: its 12 rows before 11:00 and the one a second before 10:00; ship: its 10:30 row, named as it was then.
        CollectionAssert.AreEqual(new[] { ("pay", 13), ("ship-old", 1) }, totals.ToArray());
    }

    [TestMethod]
    public async Task Stats_FilteredByServiceAndStatus_CountOnlyThoseRows()
    {
        var byService = await GetStatsAsync($"{Range}&service_config_id={Ship}");
        Assert.AreEqual(1, byService["items"]!.AsArray().Count);
        Assert.AreEqual(4, byService["hourly"]!.AsArray().Sum(h => h!["count"]!.GetValue<int>()));

        var failed = await GetStatsAsync($"{Range}&status=failed");
        Assert.AreEqual(5, failed["hourly"]!.AsArray().Sum(h => h!["count"]!.GetValue<int>()), "3 of pay and 2 of ship");
        Assert.IsTrue(failed["hourly"]!.AsArray().All(h => h!["status"]!.GetValue<string>() == "FAILED"));

        var both = await GetStatsAsync($"{Range}&service_config_id={Pay}&status=TIMEOUT");
        Assert.AreEqual(1, both["hourly"]!.AsArray().Sum(h => h!["count"]!.GetValue<int>()));
    }

    [TestMethod]
    [DataRow("status=PAUSED", "status")]
    [DataRow("service_config_id=not-a-uuid", "service_config_id")]
    public async Task Stats_WithABadFilter_Returns400NamingIt(string query, string field)
    {
        using var client = _app.Admin();
        await (await client.GetAsync($"/api/services/stats?{Range}&{query}")).ProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [TestMethod]
    public async Task Stats_ForAnEmptyRange_AreEmpty()
    {
        var stats = await GetStatsAsync("date_from=2020-01-01&date_to=2020-01-02");
        Assert.IsEmpty(stats["items"]!.AsArray());
        Assert.IsEmpty(stats["hourly"]!.AsArray());
    }

    private static async Task<JsonNode> GetStatsAsync(string query)
    {
        using var client = _app.Admin();
        return await (await client.GetAsync($"/api/services/stats?{query}")).JsonAsync(HttpStatusCode.OK);
    }

    private static void AssertService(JsonNode item, Guid id, string name, int total, int succeeded, int failed, int timedOut,
        double rate, double avg, double p95)
    {
        var text = item.ToJsonString();
        Assert.AreEqual(id.ToString(), item["service_config_id"]!.GetValue<string>(), text);
        Assert.AreEqual(name, item["service_name"]!.GetValue<string>(), text);
        Assert.AreEqual(total, item["total"]!.GetValue<int>(), text);
        Assert.AreEqual(succeeded, item["succeeded"]!.GetValue<int>(), text);
        Assert.AreEqual(failed, item["failed"]!.GetValue<int>(), text);
        Assert.AreEqual(timedOut, item["timed_out"]!.GetValue<int>(), text);
        Assert.AreEqual(rate, item["success_rate"]!.GetValue<double>(), 1e-9, text);
        Assert.AreEqual(avg, item["avg_ms"]!.GetValue<double>(), 1e-9, text);
        Assert.AreEqual(p95, item["p95_ms"]!.GetValue<double>(), 1e-9, text);
    }
}
