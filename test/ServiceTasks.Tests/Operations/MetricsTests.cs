using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace ServiceTasks.Tests.Operations;

/// <summary>/metrics in Prometheus text after real tasks ran through Hangfire.</summary>
[TestClass]
public sealed class MetricsTests
{
    [TestMethod]
    public async Task Scrape_AfterTasksRan_ShowsTaskCountsDurationsQueueDepthCallbacksAndDeferrals()
    {
        var app = await TestHost.CreateAppAsync();
        var service = await TestServices.CreateAsync(app, _ => { });
        using var engine = app.Engine();
        using var anonymous = TestHost.Anonymous();
        var before = await ScrapeAsync(anonymous);

        var ids = new[] { await TestServices.EnqueueAsync(engine, service.Id), await TestServices.EnqueueAsync(engine, service.Id) };
        foreach (var id in ids) await TestServices.WaitForStatusAsync(engine, id, "COMPLETED");
        var after = await ScrapeAsync(anonymous);

        Assert.IsGreaterThanOrEqualTo(2.0, Value(after, "servicetasks_tasks{status=\"COMPLETED\"}"));
        Assert.IsGreaterThanOrEqualTo(0.0, Value(after, "servicetasks_tasks{status=\"PENDING\"}"));
        var mockSuccesses = "servicetasks_attempt_duration_seconds_count{service_type=\"MOCK\",status=\"SUCCESS\"}";
        Assert.IsGreaterThanOrEqualTo(2.0, Value(after, mockSuccesses) - Value(before, mockSuccesses));
        Assert.IsGreaterThanOrEqualTo(0.0, Value(after, "servicetasks_queue_depth{queue=\"default\"}"));
        Assert.IsGreaterThanOrEqualTo(0.0, Value(after, "servicetasks_scheduled_jobs"));
        Assert.IsGreaterThanOrEqualTo(0.0, Value(after, "servicetasks_callback_attempts_total{outcome=\"delivered\"}"));
        Assert.IsGreaterThanOrEqualTo(0.0, Value(after, "servicetasks_throttle_deferrals_total{service_type=\"REAL\"}"));
        Assert.DoesNotContain(app.AppUuid.ToString(), after, "no tenant in a label");
        Assert.DoesNotContain("st_", after.Replace("servicetasks_", ""), "no key in a label");
        Assert.DoesNotContain(app.CallbackSecret, after);
        Assert.DoesNotContain("Host=", after, "no connection string (Npgsql's pool names) in a label");
    }

    [TestMethod]
    public async Task Scrape_CountsCallbackDeliveries()
    {
        await using var receiver = await LoopbackServer.StartAsync();
        receiver.Reply("/callback", LoopbackResponse.RawJson("{}"));
        var app = await TestHost.CreateAppAsync(callbackUrl: receiver.Url("/callback"));
        var service = await TestServices.CreateAsync(app, _ => { });
        using var engine = app.Engine();
        using var anonymous = TestHost.Anonymous();
        var metric = "servicetasks_callback_attempts_total{outcome=\"delivered\"}";
        var before = Value(await ScrapeAsync(anonymous), metric);

        var id = await TestServices.EnqueueAsync(engine, service.Id);
        await Eventually.WaitAsync(async () => Value(await ScrapeAsync(anonymous), metric), v => v >= before + 1,
            TimeSpan.FromSeconds(60), $"the callback of {id} to be counted");
    }

    private static async Task<string> ScrapeAsync(HttpClient client)
    {
        var response = await client.GetAsync("/metrics");
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("text/plain", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    private static double Value(string scrape, string series)
    {
        var match = Regex.Match(scrape, "^" + Regex.Escape(series) + " (\\S+)$", RegexOptions.Multiline);
        Assert.IsTrue(match.Success, $"{series} is missing from:\n{scrape}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
