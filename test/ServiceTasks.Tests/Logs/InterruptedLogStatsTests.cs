using System.Net;

namespace ServiceTasks.Tests.Logs;

/// <summary>RUNNING and INTERRUPTED rows in the stats and the list filter: counted, but not as answers of the service.</summary>
[TestClass]
public sealed class InterruptedLogStatsTests
{
    private static readonly DateTimeOffset From = new(2025, 6, 1, 10, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public async Task Stats_CountInterruptedAndRunningApart_AndLeaveThemOutOfTheRateAndTimes()
    {
        var app = await TestHost.CreateAppAsync();
        var service = Guid.NewGuid();
        await LogRows.InsertAsync(
            LogRows.Row(app.AppUuid, service, "crashy", ExecutionStatus.Success, From.AddMinutes(1), ms: 100),
            LogRows.Row(app.AppUuid, service, "crashy", ExecutionStatus.Failed, From.AddMinutes(2), ms: 300),
            LogRows.Row(app.AppUuid, service, "crashy", ExecutionStatus.Interrupted, From.AddMinutes(3), ms: 0),
            LogRows.Row(app.AppUuid, service, "crashy", ExecutionStatus.Running, From.AddMinutes(4), ms: 0));
        using var admin = app.Admin();

        var stats = await (await admin.GetAsync("/api/services/stats?date_from=2025-06-01T10:00:00Z&date_to=2025-06-01T11:00:00Z"))
            .JsonAsync(HttpStatusCode.OK);
        var item = stats["items"]!.AsArray().Single()!;
        Assert.AreEqual(4, item["total"]!.GetValue<int>());
        Assert.AreEqual(1, item["interrupted"]!.GetValue<int>());
        Assert.AreEqual(1, item["running"]!.GetValue<int>());
        Assert.AreEqual(0.5, item["success_rate"]!.GetValue<double>(), 1e-9, "of the two attempts that got an answer");
        Assert.AreEqual(200, item["avg_ms"]!.GetValue<double>(), 1e-9);
        var interruptedHour = stats["hourly"]!.AsArray().Single(h => h!["status"]!.GetValue<string>() == ExecutionStatus.Interrupted)!;
        Assert.AreEqual(1, interruptedHour["count"]!.GetValue<int>());

        var page = await (await admin.GetAsync("/api/services/logs?status=interrupted")).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual(1, page["total_count"]!.GetValue<int>());
        Assert.AreEqual(ExecutionStatus.Interrupted, page["items"]![0]!["status"]!.GetValue<string>());
    }
}
